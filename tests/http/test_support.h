// Helpers for the loopback tests of src/http: a server running on its own thread, a blocking
// POSIX-socket client that parses responses with Beast's parser, and worker threads that
// stand in for the app's pool (offload, handlers answering later).
#pragma once

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"

namespace liteserve::http::testing {

namespace bhttp = boost::beast::http;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Respond = std::function<void(Response)>;

// ServerOptions with loopback, an ephemeral port and limits small enough for fast tests.
inline ServerOptions test_options() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.limits.read_timeout = 1s;
    options.limits.idle_timeout = 2s;
    options.limits.write_timeout = 1s;
    return options;
}

// `post` queues work on one worker thread (usable as ServerOptions::offload); `spawn` runs
// a task on a thread of its own. join() waits for everything; later posts are refused.
class Threads {
public:
    Threads() = default;
    Threads(const Threads&) = delete;
    Threads& operator=(const Threads&) = delete;
    ~Threads() { join(); }

    bool post(std::function<void()> work) {
        std::lock_guard lock(mutex_);
        if (stopping_) return false;
        if (!worker_.joinable()) worker_ = std::thread([this] { work_loop(); });
        queue_.push_back(std::move(work));
        ready_.notify_one();
        return true;
    }
    void spawn(std::function<void()> task) {
        std::lock_guard lock(mutex_);
        spawned_.emplace_back(std::move(task));
    }
    void join() {
        std::vector<std::thread> spawned;
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
            ready_.notify_all();
            spawned.swap(spawned_);
        }
        if (worker_.joinable()) worker_.join();
        for (auto& thread : spawned) thread.join();
    }

private:
    void work_loop() {
        std::unique_lock lock(mutex_);
        for (;;) {
            ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            auto work = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            work();
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> queue_;  // guarded by mutex_
    bool stopping_ = false;                    // guarded by mutex_
    std::thread worker_;
    std::vector<std::thread> spawned_;  // guarded by mutex_
};

// Runs Server::run() on a thread. stop() asks for shutdown, waits (bounded) for run() to
// return, then joins `threads` so no handler answers into a destroyed server.
class TestServer {
public:
    explicit TestServer(ServerOptions options, Threads* threads = nullptr)
        : server_(std::make_unique<Server>(std::move(options))), threads_(threads) {
        auto done = std::make_shared<std::promise<void>>();
        finished_ = done->get_future();
        thread_ = std::thread([this, done] {
            server_->run();
            done->set_value();
        });
    }
    ~TestServer() { stop(); }

    std::uint16_t port() const { return server_->port(); }
    Server& server() { return *server_; }

    // True when run() returns within `timeout`.
    bool wait_finished(std::chrono::milliseconds timeout) {
        return finished_.wait_for(timeout) == std::future_status::ready;
    }
    void stop() {
        if (!thread_.joinable()) return;
        server_->stop();
        if (!wait_finished(5s)) {
            std::cerr << "http test: Server::run() did not return after stop()\n";
            std::abort();
        }
        thread_.join();
        if (threads_) threads_->join();
    }

private:
    std::unique_ptr<Server> server_;
    Threads* threads_;
    std::future<void> finished_;
    std::thread thread_;
};

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;

    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
    bool has_header(const std::string& name) const { return headers.count(name) > 0; }
};

enum class Received { data, closed, timeout };

// A blocking HTTP client over a plain socket, so tests control exactly which bytes are sent.
class TestClient {
public:
    explicit TestClient(std::uint16_t port) : fd_(connect_to(port)) { REQUIRE(fd_ >= 0); }
    TestClient(const TestClient&) = delete;
    TestClient& operator=(const TestClient&) = delete;
    ~TestClient() { close(); }

    // Whether anything listens on the port any more.
    static bool connects(std::uint16_t port) {
        int fd = connect_to(port);
        if (fd >= 0) ::close(fd);
        return fd >= 0;
    }
    void send(std::string_view data) {
        while (!data.empty()) {
            auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error("send failed");
            data.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    // Reads one response; `head` because a HEAD answer has no body whatever its headers say.
    Reply read_reply(bool head = false, std::chrono::milliseconds timeout = 2s) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.eager(true);
        parser.skip(head);
        parser.body_limit(boost::none);
        auto deadline = Clock::now() + timeout;
        while (!parser.is_done()) {
            if (!buffer_.empty()) {
                boost::beast::error_code ec;
                auto used = parser.put(boost::asio::buffer(buffer_), ec);
                buffer_.erase(0, used);
                if (parser.is_done()) break;
                if (ec && ec != bhttp::error::need_more)
                    throw std::runtime_error("unparsable response: " + ec.message());
                if (!ec && used > 0) continue;
            }
            auto received = receive(deadline);
            if (received == Received::data) continue;
            boost::beast::error_code ec;
            if (received == Received::closed) parser.put_eof(ec);  // a body ended by the close
            if (!parser.is_done())
                throw std::runtime_error("connection closed or timed out before a full response");
        }
        Reply reply;
        reply.status = parser.get().result_int();
        for (const auto& field : parser.get()) {
            std::string name(field.name_string());
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            reply.headers[name] = std::string(field.value());
        }
        reply.body = parser.get().body();
        return reply;
    }

    // True when the server closes the connection (EOF or reset) within `timeout`.
    bool closed_within(std::chrono::milliseconds timeout) {
        auto deadline = Clock::now() + timeout;
        for (;;) {
            auto result = receive(deadline);
            if (result == Received::closed) return true;
            if (result == Received::timeout) return false;
        }
    }

    // Raw bytes received and not yet parsed (after waiting up to `wait` for more).
    std::string unread(std::chrono::milliseconds wait) {
        receive(Clock::now() + wait);
        return buffer_;
    }

private:
    static int connect_to(std::uint16_t port) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return -1;
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
        ::close(fd);
        return -1;
    }

    Received receive(Clock::time_point deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd entry{fd_, POLLIN, 0};
        if (::poll(&entry, 1, static_cast<int>(std::max<long>(0, left.count()))) <= 0)
            return Received::timeout;
        char chunk[64 * 1024];
        auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return Received::closed;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return Received::data;
    }

    int fd_ = -1;
    std::string buffer_;
};

// Polls `condition` until it holds or `timeout` passes.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = 2s) {
    auto deadline = Clock::now() + timeout;
    while (!condition()) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

}  // namespace liteserve::http::testing
