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
Response metadata_view(const Context& ctx, Request& request);
Response plugins_view(const Context& ctx, Request& request);
Response actor_view(const Context& ctx, Request& request);
Response database_view(const Context& ctx, Request& request);
Response table_view(const Context& ctx, Request& request);
Response row_view(const Context& ctx, Request& request);
Response query_view(const Context& ctx, Request& request);
Response schema_view(const Context& ctx, Request& request);

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
