// Server: owns the io_context and its threads, the listener and the set of live sessions,
// and orchestrates graceful shutdown (signal or stop()).
#include "http/server.h"

#include <boost/asio/signal_set.hpp>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <thread>
#include <vector>

#include "http/connections.h"
#include "http/listener.h"
#include "http/net.h"

namespace liteserve::http {
namespace {

// Zero threads or a zero pipeline depth would deadlock; treat them as one.
std::shared_ptr<const ServerOptions> normalized(ServerOptions options) {
    options.io_threads = std::max<std::size_t>(1, options.io_threads);
    options.limits.max_pipelined = std::max<std::size_t>(1, options.limits.max_pipelined);
    return std::make_shared<const ServerOptions>(std::move(options));
}

}  // namespace

struct Server::Impl {
    explicit Impl(ServerOptions server_options)
        : options(normalized(std::move(server_options))),
          ioc(static_cast<int>(options->io_threads)),
          control(net::make_strand(ioc)),
          connections(std::make_shared<Connections>(options->limits.max_connections)),
          listener(ioc, control, options, connections),
          signals(control),
          force_close_timer(control) {
        // Runs on a session's strand: hop to the control strand, which owns the timer.
        connections->on_empty([this] {
            net::post(control, [this] {
                if (stopping) force_close_timer.cancel();
            });
        });
    }

    ~Impl() { connections->on_empty(nullptr); }

    void run();
    void run_io();
    void begin_shutdown();

    std::shared_ptr<const ServerOptions> options;
    net::io_context ioc;
    net::strand<net::io_context::executor_type> control;  // listener, signals, shutdown
    std::shared_ptr<Connections> connections;
    Listener listener;
    net::signal_set signals;
    net::steady_timer force_close_timer;
    bool stopping = false;  // only touched on `control`
};

void Server::Impl::run() {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](const error_code& ec, int) {
        if (!ec) begin_shutdown();
    });
    listener.start();
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < options->io_threads; ++i) threads.emplace_back([this] { run_io(); });
    run_io();
    for (auto& thread : threads) thread.join();
    error_code ignored;
    signals.clear(ignored);  // give SIGINT/SIGTERM back to their default handling
}

// Handlers catch their own errors; this loop only keeps an io thread alive if one slips out.
void Server::Impl::run_io() {
    for (;;) {
        try {
            ioc.run();
            return;
        } catch (const std::exception& e) {
            std::cerr << "liteserve: http: io thread error: " << e.what() << "\n";
        }
    }
}

// run() returns once the io_context runs out of work: the accept loop, the signal wait and
// every session must end, and the force-close timer must fire or be cancelled.
void Server::Impl::begin_shutdown() {
    if (stopping) return;
    stopping = true;
    error_code ignored;
    signals.cancel(ignored);
    listener.close();
    connections->shutdown_all();
    // In-flight responses get one write timeout to finish; then their connections are cut.
    force_close_timer.expires_after(options->limits.write_timeout);
    force_close_timer.async_wait([this](const error_code& ec) {
        if (!ec) connections->close_all();
    });
    if (connections->empty()) force_close_timer.cancel();
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() = default;

std::uint16_t Server::port() const { return impl_->listener.port(); }

void Server::run() { impl_->run(); }

void Server::stop() {
    net::post(impl_->control, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace liteserve::http
