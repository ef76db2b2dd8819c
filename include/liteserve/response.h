// The response a handler returns: status, headers and either a body or a chunk producer.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace liteserve {

inline constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // When set, the body is streamed with chunked transfer encoding: the HTTP layer calls
    // next_chunk (on a worker thread, never on an io thread) to append the next piece to
    // `out`; it returns false once the stream is complete. Memory stays bounded by the
    // size of one chunk because the next call waits until the previous chunk was sent.
    // Calls never overlap. Once the client has gone (the request's cancel flag is set) no
    // further call comes, and the HTTP layer drops its reference to the producer on a worker
    // thread, so a producer may hold database resources. A response that is never streamed
    // (HEAD, or a connection that broke first) is destroyed without a call: acquire lazily.
    std::function<bool(std::string& out)> next_chunk;

    void set_header(std::string name, std::string value) {
        for (auto& [key, existing] : headers)
            if (key == name) { existing = std::move(value); return; }
        headers.emplace_back(std::move(name), std::move(value));
    }
    const std::string* find_header(std::string_view name) const {
        for (const auto& [key, value] : headers)
            if (key == name) return &value;
        return nullptr;
    }

    static Response json(std::string body, int status = 200) {
        Response r;
        r.status = status;
        r.body = std::move(body);
        r.headers.emplace_back("content-type", std::string(kJsonContentType));
        return r;
    }
    static Response text(std::string body, int status = 200,
                         std::string content_type = "text/plain; charset=utf-8") {
        Response r;
        r.status = status;
        r.body = std::move(body);
        r.headers.emplace_back("content-type", std::move(content_type));
        return r;
    }
    static Response redirect(std::string location, int status = 302) {
        Response r;
        r.status = status;
        r.headers.emplace_back("content-type", "text/plain");
        r.headers.emplace_back("location", std::move(location));
        return r;
    }
};

}  // namespace liteserve
