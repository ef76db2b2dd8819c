// One HTTP/1.1 connection: a reader coroutine that parses requests (reading ahead for
// pipelining and to notice a client that hangs up), a writer coroutine that sends responses
// strictly in request order, and a watchdog that enforces the read/idle/write deadlines.
// All three run on the connection's strand, so the members below need no locks.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "http/net.h"
#include "http/server.h"

namespace liteserve::http {

class Connections;

// A parsed request waiting for (or holding) its response. It stays at its place in the
// session's queue until its response has been written, which is what keeps the order.
struct Pending {
    std::string method;  // for the access log
    std::string target;
    unsigned version = 11;
    bool keep_alive = true;
    bool head = false;
    CancelFlag cancelled = std::make_shared<std::atomic<bool>>(false);
    std::chrono::steady_clock::time_point parsed_at = std::chrono::steady_clock::now();
    std::optional<Response> response;  // set on the strand once the handler has answered
    bool logged = false;
};

// One piece of a streamed body as produced by Response::next_chunk on a worker thread.
struct Chunk {
    std::string data;
    bool more = false;  // false: this was the last piece
};

// Lifetime: owned by its three coroutines (shared_from_this). Respond callbacks and offloaded
// chunk work hold weak references, so a handler answering after the client has gone is safe.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<const ServerOptions> options,
            std::shared_ptr<Connections> connections);

    void start();
    // Thread-safe. Finish the responses already in flight, then close; idle: close at once.
    void shutdown();
    // Thread-safe. Close now, abandoning whatever is in flight.
    void close();

private:
    using Clock = std::chrono::steady_clock;
    enum class ReadState { idle, reading_request, waiting_for_room, draining };
    enum class Role { reader, writer, watchdog };
    struct Responder;

    // session.cpp: lifecycle, deadlines, bookkeeping
    awaitable<void> watchdog();
    static awaitable<void> wait(net::steady_timer& wake);
    void on_coroutine_done(std::exception_ptr error, Role role);
    void begin_shutdown();
    void break_connection();
    void hard_close();
    void finish();
    void set_read_deadline(Clock::time_point deadline);
    void set_write_deadline(Clock::time_point deadline);
    void cancel_outstanding();
    void log_access(Pending& pending, int status, std::uint64_t bytes);

    // session_read.cpp: parsing and handing requests to the dispatcher
    awaitable<void> read_loop();
    awaitable<bool> wait_for_bytes();
    awaitable<void> read_request();
    awaitable<void> send_continue();
    awaitable<void> drain();
    void on_request_error(error_code ec);
    void on_connection_lost(error_code ec);
    void push_error(int status, const std::string& message);
    void dispatch(const std::shared_ptr<Pending>& pending, Request request);
    void on_response(const std::shared_ptr<Pending>& pending, Response response);
    bool may_read_more() const;

    // session_write.cpp: responses in order, plain or streamed
    awaitable<void> write_loop();
    bool front_ready() const;
    bool keep_alive_after(const Pending& pending) const;
    awaitable<bool> write_plain(Pending& pending, bool keep_alive);
    awaitable<bool> write_streamed(Pending& pending, bool keep_alive);
    awaitable<bool> stream_body(Pending& pending, bool chunked, std::uint64_t& sent);
    awaitable<std::optional<Chunk>> produce_chunk(
        const std::shared_ptr<std::function<bool(std::string&)>>& producer);
    template <class Buffers>
    awaitable<bool> write_buffers(const Buffers& buffers);
    template <class Message>
    awaitable<bool> write_message(Message& message);
    void close_after_response(bool linger);

    tcp::socket socket_;
    net::any_io_executor strand_;
    std::shared_ptr<const ServerOptions> options_;
    std::shared_ptr<Connections> connections_;

    beast::flat_buffer buffer_;  // bytes read but not yet parsed (pipelined requests)
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::deque<std::shared_ptr<Pending>> queue_;  // oldest first; front is written next

    // Timers used as condition variables: cancel() wakes the coroutine waiting on them.
    net::steady_timer reader_wake_;
    net::steady_timer writer_wake_;
    net::steady_timer watchdog_timer_;
    Clock::time_point read_deadline_ = Clock::time_point::max();
    Clock::time_point write_deadline_ = Clock::time_point::max();

    ReadState read_state_ = ReadState::idle;
    bool parsing_stopped_ = false;  // no further requests will be parsed on this connection
    bool shutting_down_ = false;    // server shutdown: close after the in-flight responses
    bool closing_ = false;          // the last response is out; only draining remains
    bool broken_ = false;           // socket closed or failed: everyone stops now
    bool reader_done_ = false;
    bool writer_done_ = false;
    bool finished_ = false;
};

}  // namespace liteserve::http
