// Loopback tests of connection and server lifetime: cancellation when the client leaves,
// graceful shutdown (in-flight answered, idle closed, run() returns), the bounded force-close,
// and binding.
#include <atomic>
#include <mutex>
#include <stdexcept>

#include "test_support.h"

namespace liteserve::http::testing {
namespace {

// Keeps what a handler was given, to answer (or not) later from the test.
struct Held {
    std::mutex mutex;
    std::vector<Request> requests;  // guarded by mutex
    std::vector<Respond> responds;  // guarded by mutex

    void hold(Request request, Respond respond) {
        std::lock_guard lock(mutex);
        requests.push_back(std::move(request));
        responds.push_back(std::move(respond));
    }
    std::size_t count() {
        std::lock_guard lock(mutex);
        return requests.size();
    }
};

TEST_CASE("http: a client disconnecting mid-request sets Request::cancelled") {
    Held held;
    auto options = test_options();
    options.dispatch = [&held](Request request, Respond respond) {
        held.hold(std::move(request), std::move(respond));
    };
    TestServer server(options);
    {
        TestClient client(server.port());
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        REQUIRE(eventually([&] { return held.count() == 1; }));
        std::lock_guard lock(held.mutex);
        CHECK_FALSE(held.requests[0].is_cancelled());
    }  // the client hangs up while the handler is still working
    CHECK(eventually([&] {
        std::lock_guard lock(held.mutex);
        return held.requests[0].is_cancelled();
    }));
    // Answering after the connection is gone is harmless.
    std::lock_guard lock(held.mutex);
    held.responds[0](Response::text("too late"));
}

TEST_CASE("http: graceful shutdown finishes in-flight requests, closes idle ones, returns") {
    Threads threads;
    std::atomic<int> dispatched{0};
    auto options = test_options();
    options.limits.write_timeout = 2s;
    options.dispatch = [&](Request request, Respond respond) {
        ++dispatched;
        if (request.path != "/slow") return respond(Response::text("fast"));
        threads.spawn([respond] {
            std::this_thread::sleep_for(300ms);
            respond(Response::text("slow done"));
        });
    };
    TestServer server(options, &threads);

    TestClient idle(server.port());
    idle.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(idle.read_reply().body == "fast");  // now idle in keep-alive

    TestClient busy(server.port());
    busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(eventually([&] { return dispatched == 2; }));

    auto start = Clock::now();
    server.server().stop();
    CHECK(idle.closed_within(200ms));
    CHECK_FALSE(server.wait_finished(100ms));  // still answering /slow

    auto reply = busy.read_reply();
    CHECK(reply.body == "slow done");
    CHECK(reply.header("connection") == "close");
    CHECK(busy.closed_within(1s));
    busy.close();  // as a client does after "Connection: close"
    CHECK(server.wait_finished(1s));
    CHECK(Clock::now() - start < 1500ms);
    CHECK_FALSE(TestClient::connects(server.port()));  // nobody accepts any more
}

TEST_CASE("http: shutdown force-closes after write_timeout when a handler never answers") {
    Held held;
    auto options = test_options();
    options.limits.write_timeout = 200ms;
    options.dispatch = [&held](Request request, Respond respond) {
        held.hold(std::move(request), std::move(respond));
    };
    TestServer server(options);
    TestClient client(server.port());
    client.send("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(eventually([&] { return held.count() == 1; }));

    auto start = Clock::now();
    server.server().stop();
    CHECK(server.wait_finished(1500ms));
    CHECK(Clock::now() - start >= 150ms);
    CHECK(client.closed_within(200ms));
    std::lock_guard lock(held.mutex);
    CHECK(held.requests[0].is_cancelled());
}

TEST_CASE("http: stop() on a server without connections returns promptly") {
    auto options = test_options();
    options.dispatch = [](Request, Respond respond) { respond(Response::text("ok")); };
    TestServer server(options);
    CHECK(server.port() != 0);
    server.server().stop();
    CHECK(server.wait_finished(500ms));
}

TEST_CASE("http: stop() before run() makes run() return at once") {
    auto options = test_options();
    options.dispatch = [](Request, Respond respond) { respond(Response::text("ok")); };
    Server server(options);
    server.stop();
    auto start = Clock::now();
    server.run();
    CHECK(Clock::now() - start < 500ms);
}

TEST_CASE("http: binding an address in use throws std::runtime_error") {
    auto options = test_options();
    options.dispatch = [](Request, Respond respond) { respond(Response::text("ok")); };
    TestServer first(options);
    auto second = options;
    second.port = first.port();
    CHECK_THROWS_AS(Server{second}, std::runtime_error);
}

}  // namespace
}  // namespace liteserve::http::testing
