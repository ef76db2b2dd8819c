// What every write endpoint shares: its failures in Datasette's write shape
// {"ok": false, "errors": [...]}, and the JSON request body checked and parsed with limits.
#pragma once

#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "liteserve/error.h"
#include "liteserve/request.h"

namespace liteserve::api {

// A failed write. The router renders it as {"ok": false, "errors": errors} with `status`.
class WriteFailure : public HttpError {
public:
    WriteFailure(int status, std::vector<std::string> errors)
        : HttpError(status, errors.empty() ? std::string() : errors.front()), errors_(std::move(errors)) {}
    WriteFailure(int status, std::string error) : WriteFailure(status, std::vector<std::string>{std::move(error)}) {}
    const std::vector<std::string>& errors() const { return errors_; }

private:
    std::vector<std::string> errors_;
};

// Nesting deeper than this is refused before it can exhaust the stack.
inline constexpr int kMaxJsonDepth = 64;

// The request body as a JSON object. Throws WriteFailure: 415 naming application/json when
// the Content-Type is missing or another type (liteserve's answer where Datasette gives a
// 500), 400 "Invalid JSON: …" for malformed JSON, invalid UTF-8 or too deep nesting, and 400
// "JSON must be a dictionary" for anything but an object. An empty body is Python's
// json.loads error, as Datasette's row and table views answer, unless `empty` says it reads
// as {} (its execute-write view: json.loads(body or b"{}")).
enum class EmptyBody { Invalid, EmptyObject };
rapidjson::Document parse_json_body(const Request& request, EmptyBody empty = EmptyBody::Invalid);

// Datasette's write error body.
std::string write_errors_json(const std::vector<std::string>& errors);

}  // namespace liteserve::api
