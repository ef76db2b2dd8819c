// The request a handler sees: a plain value with no Boost or SQLite types.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace liteserve {

// Set by the HTTP layer when the client has gone; long-running work polls it and stops.
// Shared between the session (writer) and the worker running the handler (reader).
using CancelFlag = std::shared_ptr<std::atomic<bool>>;

struct Request {
    std::string method;   // "GET", "POST", … (upper case as received)
    std::string target;   // raw request-target: percent-encoded path plus "?query"
    std::string path;     // raw (still percent-encoded) path, no query
    std::string query;    // raw query string without the '?', may be empty
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    // The scheme absolute URLs in responses use: "https" when the server is told it sits
    // behind TLS (Datasette's force_https_urls), else "http".
    std::string scheme = "http";
    // Path parameters captured by the router, percent- and tilde-decoded ("db", "table"), each
    // also under its name plus "~" as the URL spells it (percent-decoded only: "table~").
    std::map<std::string, std::string, std::less<>> params;
    CancelFlag cancelled = std::make_shared<std::atomic<bool>>(false);

    // First header with this (lower-case) name, if any.
    std::optional<std::string_view> header(std::string_view name) const {
        for (const auto& [key, value] : headers)
            if (key == name) return std::string_view(value);
        return std::nullopt;
    }
    const std::string& param(std::string_view name) const {
        static const std::string empty;
        auto it = params.find(name);
        return it == params.end() ? empty : it->second;
    }
    bool is_cancelled() const { return cancelled && cancelled->load(std::memory_order_relaxed); }
};

}  // namespace liteserve
