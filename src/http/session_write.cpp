// The writing half of a session: sends each response when it and all earlier ones are
// ready, either whole or as a chunked stream produced on worker threads, then decides
// whether the connection stays open.
#include <boost/asio/write.hpp>

#include <iostream>
#include <string_view>

#include "http/convert.h"
#include "http/session.h"

namespace liteserve::http {
namespace {

// After the last response, the socket is half-closed and read for at most this long before
// it is closed: closing with unread request bytes makes the kernel send a RST, which can
// destroy the response before the client has read it (e.g. a 413 sent mid-upload).
constexpr std::chrono::milliseconds kLinger{500};

using Producer = std::function<bool(std::string&)>;

// Where a worker leaves the chunk it produced; touched only on the session's strand.
struct ChunkSlot {
    bool done = false;
    bool failed = false;
    Chunk chunk;
};

// A producer may own what must not be released on an io thread (a database connection), so
// when a stream ends, however it ends, the session's reference is dropped by a worker. Only
// if the worker pool refuses the job is it dropped here.
struct ReleaseOnWorker {
    std::shared_ptr<Producer> producer;
    const ServerOptions& options;
    ~ReleaseOnWorker() {
        if (producer && options.offload) options.offload([p = std::move(producer)]() mutable { p.reset(); });
    }
};

}  // namespace

template <class Buffers>
awaitable<bool> Session::write_buffers(const Buffers& buffers) {
    set_write_deadline(Clock::now() + options_->limits.write_timeout);
    auto [ec, n] = co_await net::async_write(socket_, buffers, use_tuple);
    set_write_deadline(Clock::time_point::max());
    co_return !ec;
}

template <class Message>
awaitable<bool> Session::write_message(Message& message) {
    set_write_deadline(Clock::now() + options_->limits.write_timeout);
    auto [ec, n] = co_await bhttp::async_write(socket_, message, use_tuple);
    set_write_deadline(Clock::time_point::max());
    co_return !ec;
}

awaitable<void> Session::write_loop() {
    for (;;) {
        while (!broken_ && !front_ready()) {
            if (queue_.empty() && !may_read_more()) {
                close_after_response(false);
                co_return;
            }
            co_await wait(writer_wake_);
        }
        if (broken_) co_return;
        auto pending = queue_.front();
        bool keep_alive = keep_alive_after(*pending);
        bool ok = false;
        if (pending->response->next_chunk)
            ok = co_await write_streamed(*pending, keep_alive);
        else
            ok = co_await write_plain(*pending, keep_alive);
        queue_.pop_front();
        reader_wake_.cancel();  // room for another pipelined request
        if (!ok) {
            pending->cancelled->store(true);
            break_connection();
            co_return;
        }
        if (!keep_alive) {
            close_after_response(true);
            co_return;
        }
        if (queue_.empty() && read_state_ == ReadState::idle)
            set_read_deadline(Clock::now() + options_->limits.idle_timeout);
    }
}

bool Session::front_ready() const {
    return !queue_.empty() && queue_.front()->response.has_value();
}

bool Session::keep_alive_after(const Pending& pending) const {
    if (!pending.keep_alive || asks_to_close(*pending.response)) return false;
    // HTTP/1.0 has no chunked encoding: there a streamed body ends by closing the connection.
    if (pending.response->next_chunk && pending.version < 11) return false;
    // Tell the client on the last response when nothing more will be read (shutdown, EOF).
    return queue_.size() > 1 || may_read_more();
}

void Session::close_after_response(bool linger) {
    closing_ = true;
    parsing_stopped_ = true;
    if (!linger || reader_done_ || broken_) {
        break_connection();
        return;
    }
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    set_read_deadline(Clock::now() + std::min<std::chrono::milliseconds>(
                                         kLinger, options_->limits.read_timeout));
    reader_wake_.cancel();
}

awaitable<bool> Session::write_plain(Pending& pending, bool keep_alive) {
    if (pending.head) {
        auto message = to_head_message(*pending.response, pending.version, keep_alive);
        bool ok = co_await write_message(message);
        log_access(pending, message.result_int(), 0);
        co_return ok;
    }
    auto message = to_message(std::move(*pending.response), pending.version, keep_alive);
    std::uint64_t bytes = message.body().size();
    bool ok = co_await write_message(message);
    log_access(pending, message.result_int(), ok ? bytes : 0);
    co_return ok;
}

awaitable<bool> Session::write_streamed(Pending& pending, bool keep_alive) {
    bool chunked = pending.version >= 11;
    auto header = to_stream_header(*pending.response, pending.version, keep_alive, chunked);
    bhttp::response_serializer<bhttp::empty_body> serializer(header);
    set_write_deadline(Clock::now() + options_->limits.write_timeout);
    auto [ec, n] = co_await bhttp::async_write_header(socket_, serializer, use_tuple);
    set_write_deadline(Clock::time_point::max());
    if (ec || pending.head) {
        log_access(pending, header.result_int(), 0);
        co_return !ec;
    }
    std::uint64_t sent = 0;
    bool ok = co_await stream_body(pending, chunked, sent);
    log_access(pending, header.result_int(), sent);
    co_return ok;
}

// One chunk in flight at a time: the next is produced only after the previous one was
// written, so memory stays at one chunk and a slow client slows the producer down.
awaitable<bool> Session::stream_body(Pending& pending, bool chunked, std::uint64_t& sent) {
    ReleaseOnWorker release{std::make_shared<Producer>(std::move(pending.response->next_chunk)), *options_};
    const auto& producer = release.producer;
    for (;;) {
        auto chunk = co_await produce_chunk(producer);
        if (!chunk) co_return false;  // offload refused, producer threw, or connection broke
        if (!chunk->data.empty()) {
            bool ok = false;
            if (chunked) {
                auto framed = bhttp::make_chunk(net::buffer(chunk->data));
                ok = co_await write_buffers(framed);
            } else {
                auto raw = net::buffer(chunk->data);
                ok = co_await write_buffers(raw);
            }
            if (!ok) co_return false;
            sent += chunk->data.size();
        }
        if (!chunk->more) break;
        // The reader saw the client hang up: stop producing what nobody will read.
        if (pending.cancelled->load()) co_return false;
    }
    if (!chunked) co_return true;
    auto last = bhttp::make_chunk_last();
    bool ok = co_await write_buffers(last);
    co_return ok;
}

// Runs the producer through options.offload (never on an io thread) and waits on the strand
// for its result. The worker holds the producer and the slot by shared_ptr and the session
// weakly, so a connection that ends meanwhile leaves nothing dangling.
awaitable<std::optional<Chunk>> Session::produce_chunk(const std::shared_ptr<Producer>& producer) {
    auto slot = std::make_shared<ChunkSlot>();
    auto work = [producer, slot, weak = weak_from_this()] {
        Chunk chunk;
        bool failed = false;
        try {
            chunk.more = (*producer)(chunk.data);
        } catch (const std::exception& e) {
            std::cerr << "liteserve: http: stream producer failed: " << e.what() << "\n";
            failed = true;
        } catch (...) {
            failed = true;
        }
        auto self = weak.lock();
        if (!self) return;
        net::post(self->strand_, [self, slot, chunk = std::move(chunk), failed]() mutable {
            slot->chunk = std::move(chunk);
            slot->failed = failed;
            slot->done = true;
            self->writer_wake_.cancel();
        });
    };
    if (!options_->offload || !options_->offload(std::move(work))) co_return std::nullopt;
    while (!slot->done && !broken_) co_await wait(writer_wake_);
    if (!slot->done || slot->failed) co_return std::nullopt;
    co_return std::move(slot->chunk);
}

// "100 Continue" lets a client that waits for it (curl does, for large bodies) send the
// body now. Only sent while the writer is idle, so it can never land inside a response.
awaitable<void> Session::send_continue() {
    const auto& header = parser_->get();
    if (closing_ || !queue_.empty() || header.version() < 11) co_return;
    if (!beast::iequals(header[bhttp::field::expect], "100-continue")) co_return;
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    auto buffer = net::buffer(kContinue.data(), kContinue.size());
    bool ok = co_await write_buffers(buffer);
    if (!ok) break_connection();
}

}  // namespace liteserve::http
