// Session lifecycle: starting the coroutines, shutdown and forced close, the deadline
// watchdog, and the bookkeeping done when a connection ends (cancel flags, access log).
#include "http/session.h"

#include <algorithm>
#include <iostream>

#include "http/connections.h"

namespace liteserve::http {

Session::Session(tcp::socket socket, std::shared_ptr<const ServerOptions> options,
                 std::shared_ptr<Connections> connections)
    : socket_(std::move(socket)),
      strand_(socket_.get_executor()),
      options_(std::move(options)),
      connections_(std::move(connections)),
      reader_wake_(strand_),
      writer_wake_(strand_),
      watchdog_timer_(strand_) {}

void Session::start() {
    auto self = shared_from_this();
    // The completion handlers hold the session alive until each coroutine has returned.
    net::co_spawn(strand_, read_loop(), net::bind_executor(strand_, [self](std::exception_ptr e) {
                      self->on_coroutine_done(e, Role::reader);
                  }));
    net::co_spawn(strand_, write_loop(), net::bind_executor(strand_, [self](std::exception_ptr e) {
                      self->on_coroutine_done(e, Role::writer);
                  }));
    net::co_spawn(strand_, watchdog(), net::bind_executor(strand_, [self](std::exception_ptr e) {
                      self->on_coroutine_done(e, Role::watchdog);
                  }));
}

void Session::shutdown() {
    net::post(strand_, [self = shared_from_this()] { self->begin_shutdown(); });
}

void Session::close() {
    net::post(strand_, [self = shared_from_this()] { self->break_connection(); });
}

void Session::begin_shutdown() {
    if (finished_ || shutting_down_) return;
    shutting_down_ = true;
    // A request that is already arriving is read to its end and answered; otherwise no
    // new request is started, and a connection with nothing in flight closes at once.
    if (read_state_ != ReadState::reading_request) parsing_stopped_ = true;
    writer_wake_.cancel();
    reader_wake_.cancel();
}

// Catch-all at the session boundary: whatever went wrong inside, only this connection pays.
void Session::on_coroutine_done(std::exception_ptr error, Role role) {
    if (error) {
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            std::cerr << "liteserve: http: connection error: " << e.what() << "\n";
        } catch (...) {
            std::cerr << "liteserve: http: connection error (unknown exception)\n";
        }
        cancel_outstanding();
        break_connection();
    }
    if (role == Role::watchdog || finished_) return;
    (role == Role::reader ? reader_done_ : writer_done_) = true;
    writer_wake_.cancel();  // a writer with nothing queued learns that nothing more will come
    if (reader_done_ && writer_done_) finish();
}

void Session::break_connection() {
    broken_ = true;
    hard_close();
    reader_wake_.cancel();
    writer_wake_.cancel();
}

void Session::hard_close() {
    if (!socket_.is_open()) return;
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
}

void Session::finish() {
    finished_ = true;
    hard_close();
    cancel_outstanding();
    // 499 (nginx's "client closed request"): parsed, but the connection ended before its
    // response could be sent.
    for (auto& pending : queue_) log_access(*pending, 499, 0);
    queue_.clear();
    watchdog_timer_.cancel();
    connections_->remove(this);
}

awaitable<void> Session::wait(net::steady_timer& wake) {
    wake.expires_at(Clock::time_point::max());
    co_await wake.async_wait(use_tuple);
}

// One timer serves both deadlines; moving a deadline earlier re-arms it (set_*_deadline).
awaitable<void> Session::watchdog() {
    while (!finished_) {
        watchdog_timer_.expires_at(std::min(read_deadline_, write_deadline_));
        co_await watchdog_timer_.async_wait(use_tuple);
        if (finished_) break;
        auto now = Clock::now();
        if (read_deadline_ > now && write_deadline_ > now) continue;
        // Too slow or gone: closing the socket fails the pending read and write, and that
        // ends the session. Nothing is sent; a half-received request cannot be answered.
        read_deadline_ = write_deadline_ = Clock::time_point::max();
        cancel_outstanding();
        break_connection();
    }
}

void Session::set_read_deadline(Clock::time_point deadline) {
    read_deadline_ = deadline;
    if (deadline < watchdog_timer_.expiry()) watchdog_timer_.cancel();
}

void Session::set_write_deadline(Clock::time_point deadline) {
    write_deadline_ = deadline;
    if (deadline < watchdog_timer_.expiry()) watchdog_timer_.cancel();
}

void Session::cancel_outstanding() {
    for (auto& pending : queue_) pending->cancelled->store(true, std::memory_order_relaxed);
}

void Session::log_access(Pending& pending, int status, std::uint64_t bytes) {
    if (pending.logged) return;
    pending.logged = true;
    if (!options_->access_log) return;
    std::chrono::duration<double, std::milli> elapsed = Clock::now() - pending.parsed_at;
    AccessRecord record{pending.method, pending.target, status, bytes, elapsed.count()};
    try {
        options_->access_log(record);
    } catch (const std::exception& e) {
        std::cerr << "liteserve: http: access log failed: " << e.what() << "\n";
    }
}

}  // namespace liteserve::http
