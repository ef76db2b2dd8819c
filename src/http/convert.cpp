// Beast message <-> liteserve Request/Response, and the JSON error body of the HTTP layer.
#include "http/convert.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <string>

namespace liteserve::http {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// The session decides framing and persistence; a handler's copy of these headers could
// contradict the bytes actually sent and desynchronise the client.
bool is_framing_header(std::string_view name) {
    return beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
           beast::iequals(name, "connection");
}

// A CR or LF inside a header would let a value taken from user input split the response.
bool is_safe_header(std::string_view name, std::string_view value) {
    auto unsafe = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
    return !name.empty() && std::none_of(name.begin(), name.end(), unsafe) &&
           std::none_of(value.begin(), value.end(), unsafe);
}

// RFC 9110: 1xx, 204 and 304 responses never carry a body, so no Content-Length either.
bool status_has_body(int status) {
    return status >= 200 && status != 204 && status != 304;
}

int checked_status(int status) {
    if (status >= 100 && status <= 999) return status;
    std::cerr << "liteserve: http: handler returned invalid status " << status << ", sent 500\n";
    return 500;
}

template <class Body>
bhttp::response<Body> start_message(const Response& response, unsigned version, bool keep_alive) {
    bhttp::response<Body> message;
    message.version(version);
    message.result(static_cast<unsigned>(checked_status(response.status)));
    for (const auto& [name, value] : response.headers) {
        if (is_framing_header(name)) continue;
        if (!is_safe_header(name, value)) {
            std::cerr << "liteserve: http: dropped header with control characters: " << name << "\n";
            continue;
        }
        message.insert(name, value);
    }
    message.keep_alive(keep_alive);
    return message;
}

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            out += escaped;
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace

Request to_request(BeastRequest&& message, CancelFlag cancelled) {
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    auto question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    request.headers.reserve(std::distance(message.begin(), message.end()));
    for (const auto& field : message)
        request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    request.cancelled = std::move(cancelled);
    return request;
}

bhttp::response<bhttp::string_body> to_message(Response&& response, unsigned version,
                                              bool keep_alive) {
    auto message = start_message<bhttp::string_body>(response, version, keep_alive);
    if (!status_has_body(message.result_int())) return message;
    message.body() = std::move(response.body);
    message.content_length(message.body().size());
    return message;
}

bhttp::response<bhttp::empty_body> to_head_message(const Response& response, unsigned version,
                                                  bool keep_alive) {
    auto message = start_message<bhttp::empty_body>(response, version, keep_alive);
    if (status_has_body(message.result_int())) message.content_length(response.body.size());
    return message;
}

bhttp::response<bhttp::empty_body> to_stream_header(const Response& response, unsigned version,
                                                   bool keep_alive, bool chunked) {
    auto message = start_message<bhttp::empty_body>(response, version, keep_alive);
    if (chunked) message.chunked(true);
    return message;
}

bool asks_to_close(const Response& response) {
    for (const auto& [name, value] : response.headers)
        if (beast::iequals(name, "connection") && beast::iequals(value, "close")) return true;
    return false;
}

Response error_response(int status, std::string_view message) {
    std::string body = "{\"ok\": false, \"error\": ";
    append_json_string(body, message);
    body += ", \"status\": " + std::to_string(status) + ", \"title\": null}";
    return Response::json(std::move(body), status);
}

}  // namespace liteserve::http
