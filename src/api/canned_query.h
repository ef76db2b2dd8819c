// Stored ("canned") queries from the configuration, served at /db/query_name like tables:
// GET runs a read query (JSON, .csv, .blob, _stream) with :named parameters from the query
// string and magic parameters from the request; POST runs a writable one (canned_write.cpp).
// As in Datasette 1.0, a table or view of the same name wins: the path is a query only when
// the database has no table or view with that name.
#pragma once

#include <string_view>

#include "api/context.h"
#include "api/json_writer.h"
#include "api/magic_params.h"
#include "config/config.h"
#include "db/value.h"
#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::api {

// GET /{db}/{table}: the table view, or the stored query the name stands for.
Response table_or_query_view(const Context& ctx, Request& request);
// POST /{db}/{table}: runs a writable stored query; a table answers 405 as in Datasette.
Response table_post_view(const Context& ctx, Request& request);

// The stored query the request's {db}/{table} names, when no table or view has that name;
// nullptr otherwise (also when the database is unknown).
const config::CannedQuery* requested_canned_query(const Context& ctx, const Request& request);

// The query's fields as Datasette lists them (database, name, sql, title, …, is_write,
// is_private, is_trusted, owner_id, on_success_*, on_error_*), inside an open object.
void write_canned_query_fields(JsonWriter& w, const Context& ctx, std::string_view db, const config::CannedQuery& q);

// The inputs of magic parameters for this request (headers, actor, clock, random digits).
MagicInputs magic_inputs(const Context& ctx, const Request& request);

// A magic parameter's value, else the request's value of that name, else nullopt.
using ValueLookup = std::function<std::optional<std::string>(const std::string& name)>;
std::optional<db::Value> parameter_value(const std::string& name, const MagicInputs& magic, const ValueLookup& given);

// Datasette's answer for a parameter with no value: "You did not supply a value for binding
// parameter :name." (as Python's sqlite3 words it), as a db::SqlError.
[[noreturn]] void missing_parameter(const std::string& name);

// Cache-Control (status 200 only) and Referrer-Policy, which every answer at a table's URL gets.
void add_table_url_headers(const Context& ctx, const Request& request, Response& response);

}  // namespace liteserve::api
