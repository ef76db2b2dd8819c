// One SQL query answered as a page of rows: what -/query and stored (canned) queries share.
// A QuerySpec says which SQL runs, how it is prepared and where its parameter values come
// from; query_page renders it as JSON (query_view.cpp), query_export as CSV or a stream
// (exports.cpp) and query_blob as one BLOB value (blob_view.cpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/json_writer.h"
#include "db/value.h"
#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::api {

struct QuerySpec {
    std::string sql;
    // false: client SQL, prepared under the read-only guard (db::prepare_read_only);
    // true: a stored query from the configuration (db::prepare_trusted).
    bool trusted = false;
    // The values for the statement's named parameters (names without ':'). May throw
    // db::SqlError, answered like any SQLite error of the query.
    std::function<db::Params(const std::vector<std::string>& names)> bind;
    // Extra keys written into the JSON envelope after "rows" (empty: none).
    std::function<void(JsonWriter&)> extras;
};

// The query's parameters from the query string, as -/query binds them: each one's first value,
// '' when absent.
QuerySpec client_query(const Request& request, std::string sql);

// The JSON answer: {"ok": true, "rows": […], "truncated": …} (other shapes as for tables but
// object), capped at max_returned_rows; a SQLite error is a 400 {"ok": false, "rows": [],
// "error": …}, as Datasette answers it.
Response query_page(const Context& ctx, Request& request, const QuerySpec& spec);

}  // namespace liteserve::api
