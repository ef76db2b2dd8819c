// The accept loop: binds the listening socket, accepts connections, enforces the
// connection limit and hands each connection to a new Session.
#include "http/listener.h"

#include <iostream>
#include <stdexcept>
#include <string>

#include "http/connections.h"
#include "http/session.h"

namespace liteserve::http {
namespace {

tcp::endpoint resolve(net::io_context& ioc, const ServerOptions& options) {
    tcp::resolver resolver(ioc);
    error_code ec;
    auto results = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty())
        throw std::runtime_error("cannot resolve " + options.host + ": " + ec.message());
    return results.begin()->endpoint();
}

void check(const error_code& ec, const ServerOptions& options) {
    if (!ec) return;
    throw std::runtime_error("cannot listen on " + options.host + ":" +
                             std::to_string(options.port) + ": " + ec.message());
}

}  // namespace

Listener::Listener(net::io_context& ioc, net::any_io_executor control,
                   std::shared_ptr<const ServerOptions> options,
                   std::shared_ptr<Connections> connections)
    : ioc_(ioc),
      acceptor_(control),
      retry_timer_(control),
      options_(std::move(options)),
      connections_(std::move(connections)) {
    auto endpoint = resolve(ioc_, *options_);
    error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    check(ec, *options_);
    // Lets a restarted server bind while old connections sit in TIME_WAIT.
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    check(ec, *options_);
    acceptor_.bind(endpoint, ec);
    check(ec, *options_);
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
    check(ec, *options_);
    port_ = acceptor_.local_endpoint().port();
}

void Listener::start() {
    net::co_spawn(acceptor_.get_executor(), accept_loop(), [](std::exception_ptr error) {
        if (!error) return;
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            std::cerr << "liteserve: http: accept loop stopped: " << e.what() << "\n";
        }
    });
}

void Listener::close() {
    error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
}

awaitable<void> Listener::accept_loop() {
    while (acceptor_.is_open()) {
        auto [ec, socket] = co_await acceptor_.async_accept(net::make_strand(ioc_), use_tuple);
        if (!acceptor_.is_open()) co_return;
        if (ec) {
            // Usually out of file descriptors: back off instead of spinning on accept.
            std::cerr << "liteserve: http: accept failed: " << ec.message() << "\n";
            retry_timer_.expires_after(std::chrono::milliseconds(100));
            co_await retry_timer_.async_wait(use_tuple);
            continue;
        }
        start_session(tcp::socket(std::move(socket)));
    }
}

void Listener::start_session(tcp::socket socket) {
    try {
        // Small writes (chunk frames, short answers) must not wait for Nagle's algorithm.
        error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        auto session = std::make_shared<Session>(std::move(socket), options_, connections_);
        // Full or shutting down: dropping the session closes the connection at once.
        if (!connections_->add(session)) return;
        session->start();
    } catch (const std::exception& e) {
        std::cerr << "liteserve: http: cannot start session: " << e.what() << "\n";
    }
}

}  // namespace liteserve::http
