// Datasette's ?_through={"table": T, "column": C, "value": V}: rows of this table that a
// many-to-many table T links to rows where T.C = V, through T's foreign key to this table.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "api/query_args.h"
#include "db/catalog.h"
#include "db/value.h"

namespace liteserve::api {

struct ThroughPlan {
    std::vector<std::string> where;         // "pk in (select fk from T where C = :pN)"
    db::Params params;                      // one p{N} per _through, numbered from first_param
    std::vector<std::string> descriptions;  // `T.C = "V"`, for human_description_en
};

// Every _through argument, checked against the schema: T must exist, C must be a column of
// T, and T must have a foreign key to `table`. Throws HttpError 400 naming the problem.
ThroughPlan plan_through(const db::Schema& schema, const db::Table& table, const QueryArgs& args,
                         std::size_t first_param);

}  // namespace liteserve::api
