// One SQL query answered as a page of rows: what -/query and stored (canned) queries share.
// A QuerySpec says which SQL runs, how it is prepared and where its parameter values come
// from; query_page renders it as JSON (query_view.cpp), query_export as CSV or a stream
// (exports.cpp) and query_blob as one BLOB value (blob_view.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/json_writer.h"
#include "api/query_params.h"
#include "db/value.h"
#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::api {

struct QuerySpec {
    std::string sql;
    // false: client SQL, prepared under the read-only guard (db::prepare_read_only);
    // true: a stored query from the configuration (db::prepare_trusted).
    bool trusted = false;
    // The values for the given parameter keys (names without their ':', '$' or '@'): one
    // (key, value) pair per key, in the order given. Throws db::SqlError for a key with no
    // value, answered like any SQLite error of the query.
    std::function<db::Params(const std::vector<std::string>& keys)> bind;

    // What ?_extra= reports about the query (query_extras.h).
    ParamDict params;                          // Datasette's parameter dictionary
    bool sql_given = true;                     // false: the request had no ?sql= (its "sql" is null)
    std::optional<std::string> stored_query;   // the stored query's name
    std::function<void(JsonWriter&)> metadata; // the "metadata" value; empty: the database's metadata
    bool is_private = false;                   // anonymous requests could not see this query
};

// -/query's spec for `sql`: parameters bound from the request's arguments (every argument but
// sql, first value each, '' for the SQL's other non-"_" :names), as Datasette binds them.
QuerySpec client_query(const Context& ctx, const Request& request, std::string sql);

// The JSON answer: {"ok": true, "rows": […], <extras>, "truncated": …} (other shapes as for
// tables; _shape=object is refused in the body with status 200, as Datasette's renderer does),
// capped at max_returned_rows; a SQLite error is a 400 {"ok": false, "rows": [], <extras>,
// "error": …, "truncated": false} whatever the shape.
Response query_page(const Context& ctx, Request& request, const QuerySpec& spec);

// The JSON answer of a query that does not run (no ?sql=, or a writable stored query on GET):
// no rows, with ?_shape= and ?_extra= applied as on any query page.
Response unrun_query_page(const Context& ctx, Request& request, const QuerySpec& spec);

}  // namespace liteserve::api
