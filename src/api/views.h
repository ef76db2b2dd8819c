// The views: one function per endpoint, each a pure Request → Response over the Context.
#pragma once

#include <chrono>
#include <optional>

#include "api/context.h"
#include "api/json_writer.h"
#include "api/router.h"
#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::api {

// Registers the whole URL map (see views.cpp).
void register_routes(Router& router, const Context& ctx);

Response index_view(const Context& ctx, Request& request);
Response databases_view(const Context& ctx, Request& request);
Response versions_view(const Context& ctx, Request& request);
Response settings_view(const Context& ctx, Request& request);
Response config_view(const Context& ctx, Request& request);
Response plugins_view(const Context& ctx, Request& request);
Response actor_view(const Context& ctx, Request& request);
Response database_view(const Context& ctx, Request& request);
Response table_view(const Context& ctx, Request& request);
Response row_view(const Context& ctx, Request& request);
Response query_view(const Context& ctx, Request& request);
Response schema_view(const Context& ctx, Request& request);
// The row write API (insert_view.cpp, row_write_views.cpp).
Response insert_view(const Context& ctx, Request& request);
Response upsert_view(const Context& ctx, Request& request);
Response update_view(const Context& ctx, Request& request);
Response delete_view(const Context& ctx, Request& request);
// The schema and SQL write API (create_view.cpp, drop_view.cpp, execute_write_view.cpp).
Response create_table_view(const Context& ctx, Request& request);
Response drop_table_view(const Context& ctx, Request& request);
Response execute_write_view(const Context& ctx, Request& request);
Response execute_write_form_view(const Context& ctx, Request& request);

// Helpers shared by the views.
// The query time budget: sql_time_limit_ms, lowered by ?_timelimit= when given.
std::chrono::milliseconds read_budget(const Context& ctx, const Request& request);
// ?_timelimit=MS when it is a positive integer.
std::optional<std::chrono::milliseconds> requested_time_limit(const Request& request);
// Cache-Control per Datasette: max-age=default_cache_ttl, or ?_ttl=N (0 → no-cache).
void add_cache_headers(const Context& ctx, const Request& request, Response& response);
// Rejects formats a JSON view cannot produce (404 naming the format).
void require_json_format(const Request& request);

}  // namespace liteserve::api
