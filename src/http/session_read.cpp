// The reading half of a session: waits for a request, parses it under the header and body
// limits and the read timeout, and hands it to the dispatcher. It keeps reading while
// responses are owed, both to parse pipelined requests and to notice a client that left.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iostream>
#include <limits>
#include <tuple>

#include "http/convert.h"
#include "http/session.h"

namespace liteserve::http {
namespace {

constexpr std::size_t kReadSize = 16 * 1024;

bool is_protocol_error(const error_code& ec) {
    static const auto& category = bhttp::make_error_code(bhttp::error::bad_target).category();
    // end_of_stream and partial_message share the category but mean "the client hung up".
    return ec.category() == category && ec != bhttp::error::end_of_stream &&
           ec != bhttp::error::partial_message;
}

bool is_hang_up(const error_code& ec) {
    return ec == net::error::eof || ec == bhttp::error::end_of_stream ||
           ec == bhttp::error::partial_message;
}

}  // namespace

// Owns the "exactly once" of the respond callback; shared by every copy of that callback.
struct Session::Responder {
    Responder(std::weak_ptr<Session> s, std::shared_ptr<Pending> p)
        : session(std::move(s)), pending(std::move(p)) {}
    Responder(const Responder&) = delete;
    Responder& operator=(const Responder&) = delete;

    // A handler dropping `respond` unanswered would stall every later response on the
    // connection, so the last copy's destruction answers for it.
    ~Responder() {
        if (delivered.load()) return;
        try {
            deliver(error_response(500, "The request handler did not respond"));
        } catch (...) {
        }
    }

    void deliver(Response response) {
        if (delivered.exchange(true)) return;
        auto self = session.lock();
        if (!self) return;  // the connection is gone; nobody is waiting for this answer
        net::post(self->strand_, [self, p = pending, r = std::move(response)]() mutable {
            self->on_response(p, std::move(r));
        });
    }

    std::weak_ptr<Session> session;
    std::shared_ptr<Pending> pending;
    std::atomic<bool> delivered{false};
};

awaitable<void> Session::read_loop() {
    while (!parsing_stopped_ && !broken_) {
        if (buffer_.size() == 0) {
            bool open = co_await wait_for_bytes();
            if (!open) co_return;
        }
        // Read-ahead is bounded: a client may not queue unlimited work on one connection.
        while (!parsing_stopped_ && !broken_ && queue_.size() >= options_->limits.max_pipelined) {
            read_state_ = ReadState::waiting_for_room;
            co_await wait(reader_wake_);
        }
        if (parsing_stopped_ || broken_) break;
        co_await read_request();
    }
    if (!broken_) co_await drain();
}

// Waits for the first byte of the next request. This is the keep-alive wait, bounded by the
// idle timeout, unless responses are still owed: then silence means the client is waiting.
awaitable<bool> Session::wait_for_bytes() {
    read_state_ = ReadState::idle;
    set_read_deadline(queue_.empty() ? Clock::now() + options_->limits.idle_timeout
                                     : Clock::time_point::max());
    auto [ec, n] = co_await socket_.async_read_some(buffer_.prepare(kReadSize), use_tuple);
    buffer_.commit(n);
    if (!closing_) set_read_deadline(Clock::time_point::max());
    if (ec) {
        on_connection_lost(ec);
        co_return false;
    }
    co_return true;
}

awaitable<void> Session::read_request() {
    const auto& limits = options_->limits;
    read_state_ = ReadState::reading_request;
    set_read_deadline(Clock::now() + limits.read_timeout);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(limits.header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser_->body_limit(limits.body_bytes);

    error_code ec;
    std::tie(ec, std::ignore) =
        co_await bhttp::async_read_header(socket_, buffer_, *parser_, use_tuple);
    if (!ec) co_await send_continue();
    if (!ec && !parser_->is_done())
        std::tie(ec, std::ignore) = co_await bhttp::async_read(socket_, buffer_, *parser_, use_tuple);
    if (!closing_) set_read_deadline(Clock::time_point::max());
    read_state_ = ReadState::idle;
    // The writer closed meanwhile (the handler asked for it): nobody would send an answer.
    if (closing_ || broken_) co_return;
    if (ec) {
        on_request_error(ec);
        co_return;
    }

    auto message = parser_->release();
    parser_.reset();
    auto pending = std::make_shared<Pending>();
    pending->method = std::string(message.method_string());
    pending->target = std::string(message.target());
    pending->version = message.version();
    pending->keep_alive = message.keep_alive();
    pending->head = message.method() == bhttp::verb::head;
    queue_.push_back(pending);
    if (!pending->keep_alive || shutting_down_) parsing_stopped_ = true;
    dispatch(pending, to_request(std::move(message), pending->cancelled));
}

// Once no further request will be parsed, keep reading only to learn when the client
// hangs up (that cancels its outstanding requests) and to let a closing connection linger.
awaitable<void> Session::drain() {
    read_state_ = ReadState::draining;
    for (;;) {
        buffer_.consume(buffer_.size());
        auto [ec, n] = co_await socket_.async_read_some(buffer_.prepare(kReadSize), use_tuple);
        if (ec) {
            on_connection_lost(ec);
            co_return;
        }
        buffer_.commit(n);
    }
}

void Session::on_request_error(error_code ec) {
    const auto& limits = options_->limits;
    if (ec == bhttp::error::body_limit)
        return push_error(413, "Request body too large (limit " +
                                   std::to_string(limits.body_bytes) + " bytes)");
    if (ec == bhttp::error::header_limit)
        return push_error(431, "Request headers too large (limit " +
                                   std::to_string(limits.header_bytes) + " bytes)");
    if (is_protocol_error(ec) && !broken_)
        return push_error(400, "Malformed HTTP request: " + ec.message());
    on_connection_lost(ec);
}

// The client hung up, reset, or was cut off by a deadline. Whatever is still being computed
// for it is wasted work, so its handlers are told to stop.
void Session::on_connection_lost(error_code ec) {
    cancel_outstanding();
    parsing_stopped_ = true;
    // After a clean hang-up the writer may still deliver what is ready (a client that only
    // half-closed gets its answers); any other failure means the socket is unusable.
    if (!is_hang_up(ec)) break_connection();
}

// The answer to a request that could not be parsed; it goes out in order, then the
// connection closes because the stream position after a bad request is unknown.
void Session::push_error(int status, const std::string& message) {
    auto pending = std::make_shared<Pending>();
    // Whatever the start line gave (a 413 fails inside header parsing, so Beast does not
    // report the header as done; a bad start line leaves these empty).
    if (parser_) {
        const auto& header = parser_->get();
        pending->method = std::string(header.method_string());
        pending->target = std::string(header.target());
        pending->version = header.version();
    }
    parser_.reset();
    pending->keep_alive = false;
    pending->response = error_response(status, message);
    queue_.push_back(pending);
    parsing_stopped_ = true;
    writer_wake_.cancel();
}

void Session::dispatch(const std::shared_ptr<Pending>& pending, Request request) {
    auto responder = std::make_shared<Responder>(weak_from_this(), pending);
    if (!options_->dispatch) {
        responder->deliver(error_response(500, "No request handler is configured"));
        return;
    }
    try {
        options_->dispatch(std::move(request), [responder](Response response) {
            responder->deliver(std::move(response));
        });
    } catch (const std::exception& e) {
        std::cerr << "liteserve: http: dispatch failed: " << e.what() << "\n";
        responder->deliver(error_response(500, "Internal server error"));
    }
}

void Session::on_response(const std::shared_ptr<Pending>& pending, Response response) {
    if (finished_) return;
    pending->response = std::move(response);
    writer_wake_.cancel();
}

// Whether the writer should expect more requests after those already queued.
bool Session::may_read_more() const {
    return !reader_done_ && !parsing_stopped_ && !broken_;
}

}  // namespace liteserve::http
