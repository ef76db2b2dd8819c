// The URL map on one screen, and the helpers every view shares.
#include "api/views.h"

#include <algorithm>
#include <charconv>

#include "api/query_args.h"
#include "liteserve/error.h"

namespace liteserve::api {

void register_routes(Router& router, const Context& ctx) {
    auto bind = [&ctx](Response (*view)(const Context&, Request&)) {
        return [&ctx, view](Request& request) { return view(ctx, request); };
    };
    router.add({"GET", "/", bind(index_view)});
    router.add({"GET", "/-/databases", bind(databases_view)});
    router.add({"GET", "/-/versions", bind(versions_view)});
    router.add({"GET", "/-/settings", bind(settings_view)});
    router.add({"GET", "/-/config", bind(config_view)});
    router.add({"GET", "/-/metadata", bind(metadata_view)});
    router.add({"GET", "/-/plugins", bind(plugins_view)});
    router.add({"GET", "/-/actor", bind(actor_view)});
    router.add({"GET", "/-/schema", bind(schema_view)});
    router.add({"GET", "/{db}", bind(database_view)});
    router.add({"GET", "/{db}/-/query", bind(query_view)});
    router.add({"GET", "/{db}/-/schema", bind(schema_view)});
    router.add({"GET", "/{db}/{table}", bind(table_view)});
    router.add({"GET", "/{db}/{table}/-/schema", bind(schema_view)});
    router.add({"GET", "/{db}/{table}/{pks}", bind(row_view)});
}

std::optional<std::chrono::milliseconds> requested_time_limit(const Request& request) {
    auto asked = QueryArgs::parse(request.query).first("_timelimit");
    if (!asked) return std::nullopt;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(asked->data(), asked->data() + asked->size(), value);
    if (ec != std::errc() || end != asked->data() + asked->size() || value <= 0) return std::nullopt;
    return std::chrono::milliseconds(value);
}

std::chrono::milliseconds read_budget(const Context& ctx, const Request& request) {
    std::chrono::milliseconds limit(ctx.settings.sql_time_limit_ms);
    if (auto asked = requested_time_limit(request)) limit = std::min(limit, *asked);
    return limit;
}

void add_cache_headers(const Context& ctx, const Request& request, Response& response) {
    std::int64_t ttl = ctx.settings.default_cache_ttl;
    if (auto asked = QueryArgs::parse(request.query).first("_ttl")) {
        std::int64_t value = 0;
        auto [end, ec] = std::from_chars(asked->data(), asked->data() + asked->size(), value);
        if (ec == std::errc() && end == asked->data() + asked->size() && value >= 0) ttl = value;
    }
    response.set_header("cache-control", ttl > 0 ? "max-age=" + std::to_string(ttl) : "no-cache");
    response.set_header("referrer-policy", "no-referrer");
}

void require_json_format(const Request& request) {
    const std::string& format = request.param("format");
    if (!format.empty() && format != "json") throw not_found("Format " + format + " is not available here");
}

}  // namespace liteserve::api
