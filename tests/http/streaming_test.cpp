// Loopback tests of streamed (chunked) responses: order and completeness, producers kept off
// the io threads, back-pressure on disconnect, a refused offload, and HEAD.
#include <atomic>
#include <mutex>

#include "test_support.h"

namespace liteserve::http::testing {
namespace {

struct StreamState {
    std::atomic<int> calls{0};
    std::atomic<bool> ran_on_io_thread{false};
    CancelFlag cancelled;
    std::mutex mutex;
    std::thread::id io_thread;  // guarded by mutex
};

// A response whose next_chunk yields "chunk 0\n" … up to `count` chunks (forever if < 0).
Response counting_stream(StreamState& state, int count, std::size_t padding = 0) {
    Response response = Response::text("", 200, "text/plain");
    response.next_chunk = [&state, count, padding, i = 0](std::string& out) mutable {
        ++state.calls;
        {
            std::lock_guard lock(state.mutex);
            if (std::this_thread::get_id() == state.io_thread) state.ran_on_io_thread = true;
        }
        out += "chunk " + std::to_string(i) + "\n" + std::string(padding, '.');
        return count < 0 || ++i < count;
    };
    return response;
}

ServerOptions streaming_options(StreamState& state, Threads& threads, int count,
                                std::size_t padding = 0) {
    auto options = test_options();
    options.offload = [&threads](std::function<void()> work) { return threads.post(std::move(work)); };
    options.dispatch = [&state, count, padding](Request request, Respond respond) {
        {
            std::lock_guard lock(state.mutex);
            state.io_thread = std::this_thread::get_id();
            state.cancelled = request.cancelled;
        }
        respond(counting_stream(state, count, padding));
    };
    return options;
}

TEST_CASE("http: a streamed response of 1000 chunks arrives complete and in order") {
    StreamState state;
    Threads threads;
    TestServer server(streaming_options(state, threads, 1000), &threads);
    TestClient client(server.port());
    client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
    auto reply = client.read_reply(false, 5s);

    std::string expected;
    for (int i = 0; i < 1000; ++i) expected += "chunk " + std::to_string(i) + "\n";
    CHECK(reply.status == 200);
    CHECK(reply.header("transfer-encoding") == "chunked");
    CHECK_FALSE(reply.has_header("content-length"));
    CHECK(reply.body == expected);
    CHECK(state.calls == 1000);
    CHECK_FALSE(state.ran_on_io_thread);

    // The connection stays usable after the last chunk.
    client.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.read_reply(false, 5s).body == expected);
}

TEST_CASE("http: a client leaving mid-stream cancels the request and stops the producer") {
    StreamState state;
    Threads threads;
    std::atomic<std::uint64_t> logged_bytes{0};
    auto options = streaming_options(state, threads, -1, 8 * 1024);
    options.access_log = [&](const AccessRecord& record) { logged_bytes = record.bytes; };
    TestServer server(options, &threads);
    {
        TestClient client(server.port());
        client.send("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK(client.unread(300ms).find("HTTP/1.1 200") == 0);
    }  // hang up without reading the rest
    REQUIRE(eventually([&] { return state.cancelled && state.cancelled->load(); }));
    CHECK(eventually([&] { return logged_bytes > 0; }));
    int calls = state.calls;
    std::this_thread::sleep_for(100ms);
    CHECK(state.calls == calls);  // back-pressure: nothing is produced for nobody
}

TEST_CASE("http: a refused offload ends the streamed response and the connection") {
    std::atomic<int> calls{0};
    auto options = test_options();
    options.offload = [](std::function<void()>) { return false; };
    options.dispatch = [&calls](Request, Respond respond) {
        Response response;
        response.next_chunk = [&calls](std::string& out) {
            ++calls;
            out = "x";
            return false;
        };
        respond(std::move(response));
    };
    TestServer server(options);
    TestClient client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(client.closed_within(1s));
    CHECK(calls == 0);
}

TEST_CASE("http: HEAD of a streamed response sends the header only") {
    StreamState state;
    Threads threads;
    TestServer server(streaming_options(state, threads, 3), &threads);
    TestClient client(server.port());
    client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
    auto head = client.read_reply(true);
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(client.read_reply().body == "chunk 0\nchunk 1\nchunk 2\n");
    CHECK(state.calls == 3);  // only the GET ran the producer
}

TEST_CASE("http: an HTTP/1.0 client gets the stream unchunked, ended by the close") {
    StreamState state;
    Threads threads;
    TestServer server(streaming_options(state, threads, 3), &threads);
    TestClient client(server.port());
    client.send("GET / HTTP/1.0\r\n\r\n");
    auto reply = client.read_reply();
    CHECK_FALSE(reply.has_header("transfer-encoding"));
    CHECK(reply.body == "chunk 0\nchunk 1\nchunk 2\n");
}

}  // namespace
}  // namespace liteserve::http::testing
