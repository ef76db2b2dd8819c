// Loopback tests of the request/response cycle: keep-alive, pipelining order, HEAD, the
// Request handed to the dispatcher, the access log, and the connection limit.
#include <atomic>
#include <mutex>

#include "test_support.h"

namespace liteserve::http::testing {
namespace {

// Answers "METHOD path" at once, on the io thread.
void echo(Request request, Respond respond) {
    respond(Response::text(request.method + " " + request.path));
}

TEST_CASE("http: keep-alive serves two requests on one connection") {
    auto options = test_options();
    options.dispatch = echo;
    TestServer server(options);
    TestClient client(server.port());

    client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
    auto first = client.read_reply();
    CHECK(first.status == 200);
    CHECK(first.body == "GET /a");
    CHECK(first.header("content-length") == "6");
    CHECK(first.header("connection") != "close");

    client.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    auto second = client.read_reply();
    CHECK(second.status == 200);
    CHECK(second.body == "GET /b");
}

TEST_CASE("http: the dispatcher gets a plain Request") {
    std::mutex mutex;
    Request seen;
    auto options = test_options();
    options.dispatch = [&](Request request, Respond respond) {
        {
            std::lock_guard lock(mutex);
            seen = request;
        }
        respond(Response::json("{}", 201));
    };
    TestServer server(options);
    TestClient client(server.port());
    client.send(
        "POST /db/t%20x.json?a=1&b=%20 HTTP/1.1\r\nHost: x\r\nX-Custom-Header: Value\r\n"
        "Content-Length: 5\r\n\r\nhello");
    auto reply = client.read_reply();
    CHECK(reply.status == 201);
    CHECK(reply.header("content-type") == "application/json; charset=utf-8");

    std::lock_guard lock(mutex);
    CHECK(seen.method == "POST");
    CHECK(seen.target == "/db/t%20x.json?a=1&b=%20");
    CHECK(seen.path == "/db/t%20x.json");
    CHECK(seen.query == "a=1&b=%20");
    CHECK(seen.header("x-custom-header") == "Value");
    CHECK(seen.header("host") == "x");
    CHECK(seen.body == "hello");
    CHECK_FALSE(seen.is_cancelled());
}

TEST_CASE("http: pipelined responses keep request order when answered out of order") {
    Threads threads;
    auto options = test_options();
    options.io_threads = 2;
    // /1 is answered last and /3 first; the session must still send /1, /2, /3.
    options.dispatch = [&threads](Request request, Respond respond) {
        auto delay = std::chrono::milliseconds(request.path == "/1" ? 150 : request.path == "/2" ? 75 : 0);
        threads.spawn([delay, path = request.path, respond] {
            std::this_thread::sleep_for(delay);
            respond(Response::text(path));
        });
    };
    TestServer server(options, &threads);
    TestClient client(server.port());
    client.send(
        "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"
        "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_reply().body == "/1");
    CHECK(client.read_reply().body == "/2");
    CHECK(client.read_reply().body == "/3");
}

TEST_CASE("http: pipelining read-ahead is bounded by max_pipelined") {
    std::atomic<int> dispatched{0};
    std::mutex mutex;
    std::vector<Respond> held;
    auto options = test_options();
    options.limits.max_pipelined = 2;
    options.dispatch = [&](Request, Respond respond) {
        std::lock_guard lock(mutex);
        held.push_back(respond);
        ++dispatched;
    };
    TestServer server(options);
    TestClient client(server.port());
    std::string three;
    for (int i = 0; i < 3; ++i) three += "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    client.send(three);
    CHECK(eventually([&] { return dispatched == 2; }));
    std::this_thread::sleep_for(50ms);
    CHECK(dispatched == 2);  // the third waits until the first has been answered

    std::unique_lock lock(mutex);
    held[0](Response::text("one"));
    lock.unlock();
    CHECK(client.read_reply().body == "one");
    CHECK(eventually([&] { return dispatched == 3; }));
    lock.lock();
    held[1](Response::text("two"));
    held[2](Response::text("three"));
    lock.unlock();
    CHECK(client.read_reply().body == "two");
    CHECK(client.read_reply().body == "three");
}

TEST_CASE("http: HEAD gets the Content-Length of the body but no body") {
    auto options = test_options();
    options.dispatch = [](Request, Respond respond) { respond(Response::text("hello world")); };
    TestServer server(options);
    TestClient client(server.port());
    // Pipelined: any body bytes after the HEAD answer would break the parse of the next one.
    client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
    auto head = client.read_reply(true);
    CHECK(head.status == 200);
    CHECK(head.header("content-length") == "11");
    CHECK(head.body.empty());
    auto get = client.read_reply();
    CHECK(get.body == "hello world");
}

TEST_CASE("http: each request produces an access log record") {
    std::mutex mutex;
    std::vector<AccessRecord> records;
    auto options = test_options();
    options.dispatch = echo;
    options.access_log = [&](const AccessRecord& record) {
        std::lock_guard lock(mutex);
        records.push_back(record);
    };
    TestServer server(options);
    TestClient client(server.port());
    client.send("GET /x?y=1 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /z HTTP/1.1\r\nHost: x\r\n\r\n");
    client.read_reply();
    client.read_reply(true);
    REQUIRE(eventually([&] {
        std::lock_guard lock(mutex);
        return records.size() == 2;
    }));
    std::lock_guard lock(mutex);
    CHECK(records[0].method == "GET");
    CHECK(records[0].target == "/x?y=1");
    CHECK(records[0].status == 200);
    CHECK(records[0].bytes == 6);  // "GET /x"
    CHECK(records[0].milliseconds >= 0);
    CHECK(records[1].method == "HEAD");
    CHECK(records[1].bytes == 0);
}

TEST_CASE("http: a handler that drops respond unanswered yields a 500") {
    auto options = test_options();
    options.dispatch = [](Request, Respond) {};
    TestServer server(options);
    TestClient client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    auto reply = client.read_reply();
    CHECK(reply.status == 500);
    CHECK(reply.body.find("\"ok\": false") != std::string::npos);
}

TEST_CASE("http: connections beyond max_connections are closed") {
    auto options = test_options();
    options.limits.max_connections = 1;
    options.dispatch = echo;
    TestServer server(options);
    TestClient first(server.port());
    first.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(first.read_reply().status == 200);  // accepted and counted

    TestClient second(server.port());
    CHECK(second.closed_within(1s));

    first.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(first.read_reply().body == "GET /2");
}

TEST_CASE("http: Connection: close and HTTP/1.0 end the connection after the response") {
    auto options = test_options();
    options.dispatch = echo;
    TestServer server(options);

    TestClient close_client(server.port());
    close_client.send("GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    auto reply = close_client.read_reply();
    CHECK(reply.header("connection") == "close");
    CHECK(close_client.closed_within(1s));

    TestClient old_client(server.port());
    old_client.send("GET /old HTTP/1.0\r\n\r\n");
    CHECK(old_client.read_reply().body == "GET /old");
    CHECK(old_client.closed_within(1s));
}

}  // namespace
}  // namespace liteserve::http::testing
