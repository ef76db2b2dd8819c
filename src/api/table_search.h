// Datasette's search_filters: ?_search=, ?_search_COLUMN= and ?_searchmode= on a table or
// view become conditions on its FTS index, with the index and every name found in the catalog.
#pragma once

#include <string>
#include <vector>

#include "api/query_args.h"
#include "config/config.h"
#include "db/catalog.h"
#include "db/value.h"

namespace liteserve::api {

struct SearchPlan {
    std::vector<std::string> where;         // appended after the filters and _where
    db::Params params;                      // named search, or search_0, search_1, …
    std::vector<std::string> descriptions;  // `search matches "x"`, for human_description_en
};

// The FTS index is ?_fts_table=, else the table's fts_table option, else the one detected in
// the schema; the key column is ?_fts_pk=, else fts_pk, else rowid. Nothing is searched (and
// search arguments are ignored) when there is no index, as in Datasette. Blank search values
// are ignored. Throws HttpError 400 for an unknown search column, index or key column.
SearchPlan plan_search(const config::TableConfig& tc, const db::Schema& schema, const db::Table& table,
                       const QueryArgs& args);

}  // namespace liteserve::api
