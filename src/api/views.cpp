// The URL map on one screen, and the helpers every view shares.
#include "api/views.h"

#include <algorithm>
#include <charconv>

#include "api/canned_query.h"
#include "api/etag.h"
#include "api/query_args.h"
#include "liteserve/error.h"

namespace liteserve::api {

void register_routes(Router& router, const Context& ctx) {
    auto bind = [&ctx](Response (*view)(const Context&, Request&)) {
        return [&ctx, view](Request& request) { return view(ctx, request); };
    };
    // Database-backed reads get ETags and 304s (etag.h); `cache_headers`: the view sends
    // Cache-Control, so a 304 repeats it.
    auto cached = [&ctx, signer = std::make_shared<const EtagSigner>(ctx)](Response (*view)(const Context&, Request&),
                                                                  bool cache_headers = false) {
        return [&ctx, view, signer, cache_headers](Request& request) {
            return with_etag(ctx, *signer, request, cache_headers, [&] { return view(ctx, request); });
        };
    };
    router.add({"GET", "/", bind(index_view)});
    router.add({"GET", "/-/databases", bind(databases_view)});
    router.add({"GET", "/-/versions", bind(versions_view)});
    router.add({"GET", "/-/settings", bind(settings_view)});
    router.add({"GET", "/-/config", bind(config_view)});
    router.add({"GET", "/-/plugins", bind(plugins_view)});
    router.add({"GET", "/-/actor", bind(actor_view)});
    router.add({"GET", "/-/schema", bind(schema_view)});
    router.add({"GET", "/{db}", cached(database_view)});
    router.add({"GET", "/{db}/-/query", cached(query_view)});
    router.add({"GET", "/{db}/-/schema", cached(schema_view)});
    router.add({"POST", "/{db}/-/create", bind(create_table_view)});
    router.add({"POST", "/{db}/-/execute-write", bind(execute_write_view)});
    router.add({"GET", "/{db}/-/execute-write", bind(execute_write_form_view)});
    router.add({"GET", "/{db}/{table}", cached(table_or_query_view, true), true});  // tables, stored queries
    router.add({"POST", "/{db}/{table}", bind(table_post_view)});             // writable stored queries
    router.add({"GET", "/{db}/{table}/-/schema", cached(schema_view)});
    router.add({"GET", "/{db}/{table}/{pks~}", cached(row_view, true)});
    router.add({"POST", "/{db}/{table}/-/insert", bind(insert_view)});
    router.add({"POST", "/{db}/{table}/-/upsert", bind(upsert_view)});
    router.add({"POST", "/{db}/{table}/-/drop", bind(drop_table_view)});
    router.add({"POST", "/{db}/{table}/{pks~}/-/update", bind(update_view)});
    router.add({"POST", "/{db}/{table}/{pks~}/-/delete", bind(delete_view)});
}

namespace {

// A whole, non-negative number given as ?key=; nullopt when absent or anything else (Datasette
// ignores such values for _timelimit and _ttl rather than failing the request).
std::optional<std::int64_t> count_arg(const Request& request, std::string_view key) {
    auto asked = QueryArgs::parse(request.query).first(key);
    if (!asked) return std::nullopt;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(asked->data(), asked->data() + asked->size(), value);
    if (ec != std::errc() || end != asked->data() + asked->size() || value < 0) return std::nullopt;
    return value;
}

}  // namespace

std::optional<std::chrono::milliseconds> requested_time_limit(const Request& request) {
    auto asked = count_arg(request, "_timelimit");
    if (!asked || *asked == 0) return std::nullopt;
    return std::chrono::milliseconds(*asked);
}

std::chrono::milliseconds read_budget(const Context& ctx, const Request& request) {
    std::chrono::milliseconds limit(ctx.settings.sql_time_limit_ms);
    if (auto asked = requested_time_limit(request)) limit = std::min(limit, *asked);
    return limit;
}

void add_cache_headers(const Context& ctx, const Request& request, Response& response) {
    std::int64_t ttl = count_arg(request, "_ttl").value_or(ctx.settings.default_cache_ttl);
    response.set_header("cache-control", ttl > 0 ? "max-age=" + std::to_string(ttl) : "no-cache");
    response.set_header("referrer-policy", "no-referrer");
}

void require_json_format(const Request& request) {
    const std::string& format = request.param("format");
    if (!format.empty() && format != "json") throw not_found("Format " + format + " is not available here");
}

}  // namespace liteserve::api
