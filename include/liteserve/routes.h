// The route table contract: method + path pattern → handler. Plugins add routes the same way.
#pragma once

#include <functional>
#include <string>

#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve {

// A handler is a pure function from request to response. It runs on a worker thread and may
// throw HttpError (or any std::exception); the router converts errors into JSON.
using Handler = std::function<Response(Request&)>;

// A pattern is a path with `{name}` segments, e.g. "/{db}/{table}/-/insert". A segment
// parameter matches one path segment (no '/'); a parameter written `{name...}` at the end
// matches the rest of the path. Literal segments match after percent-decoding.
struct RouteSpec {
    std::string method;   // "GET", "POST", …; GET routes also answer HEAD
    std::string pattern;
    Handler handler;
};

}  // namespace liteserve
