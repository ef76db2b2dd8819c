// Path matching (percent- then tilde-decoding of parameters) and error conversion.
#include "api/router.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include <boost/url/pct_string_view.hpp>

#include "api/errors.h"
#include "api/tilde.h"
#include "api/write_body.h"
#include "db/connection.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::size_t start = 0;
    for (;;) {
        auto end = path.find('/', start);
        parts.emplace_back(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

std::string percent_decode(std::string_view raw) {
    auto pct = boost::urls::make_pct_string_view(raw);
    if (!pct) throw HttpError(400, "Invalid percent-encoding in path: " + std::string(raw));
    return pct->decode();
}

bool is_parameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Splits "name.json" into ("name", "json"). Real dots in names arrive tilde-encoded (~2E),
// so the last raw dot always starts the format.
std::string take_format(std::string& last_segment) {
    auto dot = last_segment.rfind('.');
    if (dot == std::string::npos) return {};
    std::string format = last_segment.substr(dot + 1);
    last_segment.resize(dot);
    return format;
}

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& raw,
           std::map<std::string, std::string, std::less<>>& params) {
    if (pattern.size() != raw.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const std::string& p = pattern[i];
        std::string decoded = percent_decode(raw[i]);
        if (is_parameter(p)) {
            if (decoded.empty()) return false;
            std::string name = p.substr(1, p.size() - 2);
            if (name.back() == '~') {
                params[name.substr(0, name.size() - 1)] = std::move(decoded);
            } else {
                params[name] = tilde_decode(decoded);
                params[name + "~"] = std::move(decoded);  // as the URL spells it (Datasette's url_vars)
            }
        } else if (p != decoded) {
            return false;
        }
    }
    return true;
}

// The redirects of Datasette's handle_404 (asgi_send_redirect): the query string kept.
Response not_found_redirect(std::string path, const Request& request) {
    if (!request.query.empty()) path += "?" + request.query;
    Response response = Response::redirect(std::move(path));
    response.set_header("content-type", "text/html; charset=utf-8");
    return response;
}

// What handle_404 does first with a path that holds percent-escapes: rather than 404, it
// redirects to the path tilde-encoded ("~" → "~7E", "%" → "~", "." → "~2E"), its URLs' own
// encoding of awkward names. Only NotFound goes there: the write views answer their 404s
// themselves.
std::optional<Response> percent_path_redirect(const Request& request) {
    if (request.path.find('%') == std::string::npos) return std::nullopt;
    std::string location;
    for (char c : request.path) {
        if (c == '~') location += "~7E";
        else if (c == '%') location += '~';
        else if (c == '.') location += "~2E";
        else location += c;
    }
    return not_found_redirect(std::move(location), request);
}

// A path no route serves: with percent-escapes see above; with trailing slashes, Datasette
// redirects to the path without them; otherwise 404.
Response no_route(const Request& request) {
    if (auto redirect = percent_path_redirect(request)) return std::move(*redirect);
    std::string_view path = request.path;
    if (path.size() < 2 || path.back() != '/') return error_response(404, "404");  // Datasette's NotFound("404")
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    return not_found_redirect(std::string(path), request);
}

}  // namespace

void Router::add(RouteSpec spec) {
    Route route{std::move(spec), {}};
    route.segments = split_path(route.spec.pattern);
    routes_.push_back(std::move(route));
}

Response Router::dispatch(Request& request) const {
    auto raw = split_path(request.path);
    std::string format = take_format(raw.back());
    const std::string& method = request.method == "HEAD" ? std::string("GET") : request.method;
    // The routes whose path matches, keeping only the most specific ones (most literal
    // segments): "/-/settings" is that route's path even though "/{db}/{table}" matches it
    // too, so POST there is a 405 whatever order the routes were added in.
    std::vector<std::pair<const Route*, std::map<std::string, std::string, std::less<>>>> matched;
    int best = -1;
    for (const auto& route : routes_) {
        std::map<std::string, std::string, std::less<>> params;
        if (!match(route.segments, raw, params)) continue;
        int literals = static_cast<int>(std::count_if(route.segments.begin(), route.segments.end(),
                                                      [](const std::string& s) { return !is_parameter(s); }));
        if (literals < best) continue;
        if (literals > best) matched.clear();
        best = literals;
        matched.emplace_back(&route, std::move(params));
    }
    if (matched.empty()) return no_route(request);
    auto run = [&](const Route& route, std::map<std::string, std::string, std::less<>>& params) {
        params["format"] = format;
        request.params = std::move(params);
        return route.spec.handler(request);
    };
    std::string allowed;
    for (auto& [route, params] : matched) {
        if (route->spec.method == method) return run(*route, params);
        if (allowed.find(route->spec.method) == std::string::npos)
            allowed += (allowed.empty() ? "" : ", ") + route->spec.method;
    }
    for (auto& [route, params] : matched)
        if (route->spec.every_method) return run(*route, params);
    // A preflight for any other path a route serves, as Datasette's views answer OPTIONS; the
    // App adds the CORS headers (when enabled) to this as to every response.
    if (method == "OPTIONS") return Response::text("ok");
    if (allowed.find("GET") != std::string::npos) allowed += ", HEAD";
    // Datasette's views answer in JSON when the path or the body says JSON, else in text.
    bool json = request.path.ends_with(".json") || request.header("content-type") == "application/json";
    Response r = json ? Response::json(R"({"ok": false, "error": "Method not allowed"})", 405)
                      : Response::text("Method not allowed", 405);
    r.set_header("allow", allowed);
    return r;
}

Response Router::handle(Request& request) const {
    try {
        return dispatch(request);
    } catch (...) {
        return response_for_current_exception(request);
    }
}

Response response_for_current_exception(const Request& request) {
    try {
        throw;
    } catch (const WriteFailure& e) {
        return Response::json(write_errors_json(e.errors()), e.status());
    } catch (const HttpError& e) {
        if (e.status() == 404)
            if (auto redirect = percent_path_redirect(request)) return std::move(*redirect);
        return error_response(e.status(), e.what(), e.title());
    } catch (const db::QueryInterrupted& e) {
        if (e.cancelled) return error_response(499, "Client closed the request");
        return error_response(400, time_limit_message(e.sql), "SQL Interrupted");
    } catch (const db::SqlError& e) {
        return error_response(400, e.what(), "Invalid SQL");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "liteserve: internal error on %s %s: %s\n", request.method.c_str(),
                     request.target.c_str(), e.what());
        return error_response(500, "Internal server error");
    }
}

}  // namespace liteserve::api
