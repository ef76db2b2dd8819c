// The CORS headers: Datasette's fixed set, and the allow-list of the cors_origins setting.
#include "api/cors.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace liteserve::api {
namespace {

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// "https://example.com" or "http://localhost:3000": a scheme, "://", a host and an optional
// port; a trailing "/" is forgiven (browsers never send one).
std::string checked_origin(std::string_view entry) {
    if (entry == "*") return "*";
    if (entry.ends_with('/')) entry.remove_suffix(1);
    auto sep = entry.find("://");
    bool ok = sep != std::string_view::npos && sep > 0 && sep + 3 < entry.size();
    for (std::size_t i = 0; ok && i < sep; ++i)
        ok = std::isalnum(static_cast<unsigned char>(entry[i])) || entry[i] == '+' || entry[i] == '-' || entry[i] == '.';
    if (ok) ok = entry.find_first_of("/?#@ \t", sep + 3) == std::string_view::npos;
    if (!ok)
        throw std::invalid_argument("cors_origins: \"" + std::string(entry) +
                                    "\" is not an origin (scheme://host[:port], e.g. https://example.com)");
    return std::string(entry);
}

void add_vary_origin(Response& response) {
    const std::string* vary = response.find_header("vary");
    if (!vary) return response.set_header("vary", "Origin");
    if (vary->find("Origin") == std::string::npos) response.set_header("vary", *vary + ", Origin");
}

}  // namespace

CorsPolicy cors_policy(bool cors_flag, std::string_view cors_origins) {
    CorsPolicy policy;
    std::string_view rest = cors_origins;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view entry = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (!entry.empty()) policy.origins.push_back(checked_origin(entry));
    }
    policy.enabled = cors_flag || !policy.origins.empty();
    // "*" anywhere in the list is Datasette's --cors: any origin.
    if (std::find(policy.origins.begin(), policy.origins.end(), "*") != policy.origins.end()) policy.origins.clear();
    return policy;
}

bool origin_allowed(const std::vector<std::string>& allowed, std::string_view origin) {
    return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return iequal(a, origin); });
}

void apply_cors(const CorsPolicy& policy, const Request& request, Response& response) {
    if (!policy.enabled) return;
    std::string allow_origin = "*";
    if (!policy.origins.empty()) {
        add_vary_origin(response);
        auto origin = request.header("origin");
        if (!origin || !origin_allowed(policy.origins, *origin)) return;
        allow_origin = std::string(*origin);
    }
    response.set_header("access-control-allow-origin", allow_origin);
    response.set_header("access-control-allow-headers", "Authorization, Content-Type");
    response.set_header("access-control-expose-headers", "Link");
    response.set_header("access-control-allow-methods", "GET, POST, HEAD, OPTIONS");
    response.set_header("access-control-max-age", "3600");
}

}  // namespace liteserve::api
