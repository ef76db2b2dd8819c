// Conversions between Beast messages and liteserve's plain Request/Response values, plus the
// Datasette-shaped error body the HTTP layer itself sends (400, 413, 431, 500).
#pragma once

#include <string_view>

#include "http/net.h"
#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::http {

using BeastRequest = bhttp::request<bhttp::string_body>;

// Moves the parsed message into a Request: method and target as received, path and query
// split at the first '?' (both still percent-encoded), header names lower-cased.
Request to_request(BeastRequest&& message, CancelFlag cancelled);

// The message for an ordinary response. The handler's headers are copied as given, except
// the framing ones (Content-Length, Transfer-Encoding, Connection), which this layer owns.
bhttp::response<bhttp::string_body> to_message(Response&& response, unsigned version,
                                              bool keep_alive);

// The header of a HEAD answer: the Content-Length the GET body would have, and no body.
bhttp::response<bhttp::empty_body> to_head_message(const Response& response, unsigned version,
                                                  bool keep_alive);

// The header of a streamed response; `chunked` is false only for HTTP/1.0 clients, whose
// body then ends when the connection closes.
bhttp::response<bhttp::empty_body> to_stream_header(const Response& response, unsigned version,
                                                   bool keep_alive, bool chunked);

// True when the handler asked for the connection to be closed ("Connection: close").
bool asks_to_close(const Response& response);

// {"ok": false, "error": message, "status": status, "title": null} as a JSON response.
Response error_response(int status, std::string_view message);

}  // namespace liteserve::http
