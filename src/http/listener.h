// Accepts TCP connections on host:port and starts a Session for each, within max_connections.
#pragma once

#include <cstdint>
#include <memory>

#include "http/net.h"
#include "http/server.h"

namespace liteserve::http {

class Connections;

// Runs on the server's control strand: start() and close() must be called there (or before
// the io_context runs). Each accepted connection gets a strand of its own.
class Listener {
public:
    // Binds and listens at once, so port() is known before serving; throws
    // std::runtime_error when the address cannot be resolved or bound.
    Listener(net::io_context& ioc, net::any_io_executor control,
             std::shared_ptr<const ServerOptions> options, std::shared_ptr<Connections> connections);

    std::uint16_t port() const { return port_; }
    void start();
    void close();

private:
    awaitable<void> accept_loop();
    void start_session(tcp::socket socket);

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    net::steady_timer retry_timer_;
    std::shared_ptr<const ServerOptions> options_;
    std::shared_ptr<Connections> connections_;
    std::uint16_t port_ = 0;
};

}  // namespace liteserve::http
