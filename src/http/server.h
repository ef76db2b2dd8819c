// The HTTP/1.1 server: accepts connections and runs one session per connection on a pool
// of io threads. It knows Beast but no SQL: each parsed request is handed to `dispatch`,
// which must not block, and the answer comes back through the `respond` callback.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::http {

struct ServerLimits {
    std::size_t body_bytes = 10 * 1024 * 1024;   // larger request bodies get 413
    std::size_t header_bytes = 16 * 1024;        // larger request headers get 431
    std::chrono::milliseconds read_timeout{30'000};   // to receive one whole request
    std::chrono::milliseconds idle_timeout{60'000};   // keep-alive wait for the next request
    std::chrono::milliseconds write_timeout{60'000};  // to send one response or chunk
    std::size_t max_pipelined = 16;  // requests read ahead of their responses per connection
    std::size_t max_connections = 4096;
};

// One line of the access log.
struct AccessRecord {
    std::string method;
    std::string target;
    int status = 0;
    std::uint64_t bytes = 0;
    double milliseconds = 0;
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8001;  // 0 picks a free port
    std::size_t io_threads = 1;
    ServerLimits limits;
    // Called on an io thread with a parsed request; must return quickly. It calls
    // `respond` exactly once, from any thread.
    std::function<void(Request, std::function<void(Response)> respond)> dispatch;
    // Runs `work` on a worker thread (for Response::next_chunk); false when it cannot.
    std::function<bool(std::function<void()> work)> offload;
    std::function<void(const AccessRecord&)> access_log;  // optional
};

class Server {
public:
    // Binds and listens; throws std::runtime_error when the address cannot be bound.
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::uint16_t port() const;  // the bound port (useful with port 0)
    // Serves until stop() or SIGINT/SIGTERM; then stops accepting, lets in-flight requests
    // finish (bounded by the write timeout), closes idle connections and returns.
    void run();
    // Thread-safe: asks run() to shut down gracefully.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace liteserve::http
