// Datasette's filter operators as a table: `column__op=value` query arguments become WHERE
// fragments with bound parameters. Column names are checked against the table first.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/catalog.h"
#include "db/value.h"

namespace liteserve::db {

struct WhereClauses {
    std::vector<std::string> clauses;  // joined with " and " by the caller
    Params params;                     // named p0, p1, … in clause order
};

// The 22 operator names, in Datasette's order (exact, not, contains, …).
const std::vector<std::string_view>& filter_operators();

// A filter argument's key as Datasette reads it: "col__op" split at the last "__", or a bare
// "col" (exact). nullopt when the part after "__" is no operator: Datasette ignores such an
// argument (no condition, no description).
struct FilterKey {
    std::string_view column;
    std::string_view op;
};
std::optional<FilterKey> parse_filter_key(std::string_view key);

// Builds the WHERE fragments for the filter arguments of a table request. `args` are the
// query arguments that do not start with '_', in request order; they are applied sorted
// by key as Datasette does. Parameter numbering starts at `first_param` (p{first_param}).
// Throws HttpError 400 naming the problem for an unknown column.
WhereClauses build_filters(const Table& table,
                           const std::vector<std::pair<std::string, std::string>>& args,
                           int first_param = 0);

}  // namespace liteserve::db
