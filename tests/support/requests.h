// Requests for in-process App tests, built as the HTTP layer builds them (raw target split
// into path and query, header names lower-cased, a Host header).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline Request make_request(std::string method, std::string target, Headers headers = {}, std::string body = {}) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    auto q = r.target.find('?');
    r.path = r.target.substr(0, q);
    r.query = q == std::string::npos ? "" : r.target.substr(q + 1);
    bool has_host = false;
    for (const auto& h : headers) has_host = has_host || h.first == "host";
    if (!has_host) r.headers = {{"host", "localhost"}};
    for (auto& h : headers) r.headers.push_back(std::move(h));
    r.body = std::move(body);
    return r;
}

// The value of a response header, or "(absent)".
inline std::string header_of(const Response& response, std::string_view name) {
    const std::string* value = response.find_header(name);
    return value ? *value : "(absent)";
}

}  // namespace liteserve::testing
