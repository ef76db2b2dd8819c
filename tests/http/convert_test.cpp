// Unit tests of src/http/convert.cpp: Beast messages <-> Request/Response, without sockets.
#include <doctest/doctest.h>

#include "http/convert.h"

namespace liteserve::http {
namespace {

TEST_CASE("convert: a Beast request becomes a Request with lower-cased header names") {
    BeastRequest message{bhttp::verb::post, "/db/t.json?_shape=array&a=%20", 11};
    message.set("X-Thing", "One");
    message.set(bhttp::field::content_type, "application/json");
    message.body() = "{}";
    auto flag = std::make_shared<std::atomic<bool>>(false);
    auto request = to_request(std::move(message), flag);
    CHECK(request.method == "POST");
    CHECK(request.target == "/db/t.json?_shape=array&a=%20");
    CHECK(request.path == "/db/t.json");
    CHECK(request.query == "_shape=array&a=%20");
    CHECK(request.header("x-thing") == "One");
    CHECK(request.header("content-type") == "application/json");
    CHECK(request.body == "{}");
    CHECK(request.cancelled == flag);
}

TEST_CASE("convert: a target without '?' has an empty query") {
    BeastRequest message{bhttp::verb::get, "/-/versions.json", 11};
    auto request = to_request(std::move(message), std::make_shared<std::atomic<bool>>(false));
    CHECK(request.path == "/-/versions.json");
    CHECK(request.query.empty());
}

TEST_CASE("convert: response headers are copied, framing is the layer's own") {
    Response response = Response::json("[1,2]", 201);
    response.headers.emplace_back("Content-Length", "999");
    response.headers.emplace_back("Transfer-Encoding", "chunked");
    response.headers.emplace_back("link", "<next>; rel=\"next\"");
    auto message = to_message(std::move(response), 11, true);
    CHECK(message.result_int() == 201);
    CHECK(message[bhttp::field::content_length] == "5");
    CHECK(message[bhttp::field::transfer_encoding].empty());
    CHECK(message["link"] == "<next>; rel=\"next\"");
    CHECK(message[bhttp::field::content_type] == "application/json; charset=utf-8");
    CHECK(message.body() == "[1,2]");
    CHECK(message.keep_alive());
}

TEST_CASE("convert: 204 and 304 carry no Content-Length; bad statuses become 500") {
    CHECK(to_message(Response::text("", 204), 11, true).count(bhttp::field::content_length) == 0);
    CHECK(to_head_message(Response::text("abc", 304), 11, true)
              .count(bhttp::field::content_length) == 0);
    CHECK(to_message(Response::text("x", 42), 11, true).result_int() == 500);
}

TEST_CASE("convert: header values with CR or LF are dropped") {
    Response response = Response::text("x");
    response.headers.emplace_back("location", "/a\r\nSet-Cookie: evil=1");
    auto message = to_message(std::move(response), 11, true);
    CHECK(message.count(bhttp::field::location) == 0);
    CHECK(message.count(bhttp::field::set_cookie) == 0);
}

TEST_CASE("convert: HEAD and stream headers") {
    auto head = to_head_message(Response::text("hello"), 11, false);
    CHECK(head[bhttp::field::content_length] == "5");
    CHECK(head[bhttp::field::connection] == "close");
    auto stream = to_stream_header(Response::text(""), 11, true, true);
    CHECK(stream.chunked());
    CHECK(stream.count(bhttp::field::content_length) == 0);
}

TEST_CASE("convert: a handler's Connection: close is recognised") {
    Response response = Response::text("x");
    CHECK_FALSE(asks_to_close(response));
    response.set_header("Connection", "Close");
    CHECK(asks_to_close(response));
}

TEST_CASE("convert: error bodies have Datasette's shape and escape the message") {
    auto response = error_response(413, "Request body too large (limit 10 bytes)");
    CHECK(response.status == 413);
    CHECK(response.body ==
          R"j({"ok": false, "error": "Request body too large (limit 10 bytes)", "status": 413, "title": null})j");
    CHECK(error_response(400, "a \"q\"\n").body ==
          R"j({"ok": false, "error": "a \"q\"\u000a", "status": 400, "title": null})j");
}

}  // namespace
}  // namespace liteserve::http
