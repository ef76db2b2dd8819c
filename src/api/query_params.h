// How a query page's parameters get their values, as Datasette does it: the SQL's ":name"s found
// by its named_parameters(), a dictionary built from the query string with '' defaults, and
// binding by Python's sqlite3 rules (each parameter looked up by its name minus the prefix).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/query_args.h"
#include "db/connection.h"

namespace liteserve::api {

// Datasette's parameter dictionary: unique keys in insertion order, text values.
using ParamDict = std::vector<std::pair<std::string, std::string>>;

// Datasette's named_parameters(sql): every ":name" (name = word characters) outside comments,
// string literals and quoted identifiers, in order, repeats included. "$name", "@name" and "?"
// are not named parameters here, so they never get a '' default.
std::vector<std::string> sql_named_parameters(std::string_view sql);

// The dictionary a query binds from: each request argument's first value (leaving out "sql"
// when `drop_sql`, as -/query pops it), then '' for every name in `defaults` that starts with
// no '_' and has no value yet. "_" names (magic parameters, _x) never default.
ParamDict parameter_dict(const QueryArgs& args, const std::vector<std::string>& defaults, bool drop_sql);

// The value of `key` in the dictionary, or nullptr.
const std::string* find_param(const ParamDict& dict, std::string_view key);

// The "params" of ?_extra=query: the dictionary's entries whose keys the SQL names with
// ":name"; the whole dictionary when there is no SQL text.
ParamDict extra_query_params(const ParamDict& dict, std::string_view sql);

// The key Python's sqlite3 looks up for each parameter of the statement, in order: its name
// without the first character (":n", "$n", "@n" → "n"; "?5" → "5"). A parameter with no name
// ("?") throws db::SqlError "Binding N has no name, but you supplied a dictionary (which has
// only names).", as binding a dict does in Python.
std::vector<std::string> binding_keys(sqlite3_stmt* stmt);

}  // namespace liteserve::api
