// Loopback tests of the limits enforced where bytes arrive: body and header size, malformed
// requests, the read timeout for a half-sent request and the idle keep-alive timeout.
#include <atomic>
#include <mutex>
#include <vector>

#include "test_support.h"

namespace liteserve::http::testing {
namespace {

void ok(Request, Respond respond) { respond(Response::text("ok")); }

TEST_CASE("http: a body over the limit gets 413 with Datasette's error JSON and a close") {
    auto options = test_options();
    options.limits.body_bytes = 64;
    std::atomic<int> dispatched{0};
    std::mutex mutex;
    std::vector<AccessRecord> records;
    options.access_log = [&](const AccessRecord& record) {
        std::lock_guard lock(mutex);
        records.push_back(record);
    };
    options.dispatch = [&](Request, Respond respond) {
        ++dispatched;
        respond(Response::text("ok"));
    };
    TestServer server(options);

    SUBCASE("declared by Content-Length") {
        TestClient client(server.port());
        client.send("POST /db/t/-/insert HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" +
                    std::string(100, 'a'));
        auto reply = client.read_reply();
        CHECK(reply.status == 413);
        CHECK(reply.header("content-type") == "application/json; charset=utf-8");
        CHECK(reply.body ==
              R"j({"ok": false, "error": "Request body too large (limit 64 bytes)", "status": 413, "title": null})j");
        CHECK(reply.header("connection") == "close");
        CHECK(client.closed_within(1500ms));
        std::lock_guard lock(mutex);
        REQUIRE(records.size() == 1);
        CHECK(records[0].method == "POST");
        CHECK(records[0].target == "/db/t/-/insert");
        CHECK(records[0].status == 413);
    }
    SUBCASE("discovered while reading a chunked body") {
        TestClient client(server.port());
        client.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "28\r\n" + std::string(40, 'a') + "\r\n28\r\n" + std::string(40, 'b') + "\r\n0\r\n\r\n");
        CHECK(client.read_reply().status == 413);
        CHECK(client.closed_within(1500ms));
    }
    SUBCASE("a body at the limit is fine") {
        TestClient client(server.port());
        client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 64\r\n\r\n" + std::string(64, 'a'));
        CHECK(client.read_reply().status == 200);
    }
    CHECK(dispatched <= 1);
}

TEST_CASE("http: headers over the limit get 431 with the error JSON") {
    auto options = test_options();
    options.limits.header_bytes = 512;
    options.dispatch = ok;
    TestServer server(options);
    TestClient client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'h') + "\r\n\r\n");
    auto reply = client.read_reply();
    CHECK(reply.status == 431);
    CHECK(reply.body ==
          R"j({"ok": false, "error": "Request headers too large (limit 512 bytes)", "status": 431, "title": null})j");
    CHECK(client.closed_within(1500ms));
}

TEST_CASE("http: a malformed request gets 400 and a close") {
    auto options = test_options();
    options.dispatch = ok;
    TestServer server(options);
    TestClient client(server.port());
    client.send("GET / HTTP/1.1\r\nHost x no colon\r\n\r\n");
    auto reply = client.read_reply();
    CHECK(reply.status == 400);
    CHECK(reply.body.find("\"status\": 400") != std::string::npos);
    CHECK(client.closed_within(1500ms));
}

TEST_CASE("http: an idle keep-alive connection is closed after idle_timeout") {
    auto options = test_options();
    options.limits.idle_timeout = 150ms;
    options.dispatch = ok;
    TestServer server(options);
    TestClient client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_reply().status == 200);
    auto start = Clock::now();
    CHECK(client.closed_within(1s));
    CHECK(Clock::now() - start >= 100ms);
}

TEST_CASE("http: a half-sent request is cut off after read_timeout") {
    auto options = test_options();
    options.limits.read_timeout = 150ms;
    options.limits.idle_timeout = 5s;
    std::atomic<int> dispatched{0};
    options.dispatch = [&](Request, Respond respond) {
        ++dispatched;
        respond(Response::text("ok"));
    };
    TestServer server(options);
    TestClient client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: x\r\n");  // the blank line never comes
    auto start = Clock::now();
    CHECK(client.closed_within(1s));
    CHECK(Clock::now() - start >= 100ms);
    CHECK(dispatched == 0);
}

TEST_CASE("http: a slow handler is not mistaken for an idle or slow client") {
    Threads threads;
    auto options = test_options();
    options.limits.read_timeout = 100ms;
    options.limits.idle_timeout = 100ms;
    options.dispatch = [&threads](Request, Respond respond) {
        threads.spawn([respond] {
            std::this_thread::sleep_for(300ms);
            respond(Response::text("late"));
        });
    };
    TestServer server(options, &threads);
    TestClient client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_reply().body == "late");
}

TEST_CASE("http: Expect: 100-continue gets an interim 100 before the body is sent") {
    auto options = test_options();
    options.dispatch = [](Request request, Respond respond) { respond(Response::text(request.body)); };
    TestServer server(options);
    TestClient client(server.port());
    client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    CHECK(client.read_reply().status == 100);
    client.send("body");
    CHECK(client.read_reply().body == "body");
}

}  // namespace
}  // namespace liteserve::http::testing
