// Which facets a table request computes, as Datasette's load_facet_configs and get_facet_size
// read them from the table's config and the query string: ?_facet=, ?_facet_date=,
// ?_facet_array=, ?_facet_size=, ?_nofacet=, ?_nosuggest=. Every column is checked here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/facet_sql.h"
#include "api/query_args.h"
#include "db/catalog.h"

namespace liteserve::api {

struct FacetSpec {
    FacetType type;
    std::string column;  // a column of the table (or its rowid): safe to quote into SQL
    bool from_config;    // configured facets cannot be hidden ("hideable": false)
};

struct FacetPlan {
    // Column, then date, then array facets (Datasette's facet class order); within each
    // type the configured ones first, then the request's in URL order. Empty with _nofacet.
    std::vector<FacetSpec> facets;
    std::int64_t size = 30;  // values shown per facet
    bool suggest = false;    // suggestions wanted: allowed by the settings, not _nofacet,
                             // _nosuggest or a later page (_next)
};

// Datasette's answer when allow_facet is off and any argument starts with "_facet":
// HttpError 400 "_facet= is not allowed".
void check_facets_allowed(const config::Settings& settings, const QueryArgs& args);

// True when an argument is _facet or starts with _facet_: Datasette then adds the
// facet_results extra on its own.
bool asks_for_facets(const QueryArgs& args);

// Datasette's get_facet_size: ?_facet_size=N|max (other values are ignored), else the
// table's configured facet_size, else default_facet_size; never above max_returned_rows.
std::int64_t facet_size(const config::Settings& settings, const config::TableConfig& table, const QueryArgs& args);

// The facets to compute for `table`. A column the table does not have is HttpError 400
// "no such column: NAME" (Datasette fails with a 500 carrying SQLite's message).
FacetPlan plan_facets(const Context& ctx, const std::string& database, const db::Table& table, const QueryArgs& args);

}  // namespace liteserve::api
