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

// A pattern is a path with `{name}` segments, e.g. "/{db}/{table}/-/insert". A parameter
// matches one non-empty path segment (no '/') and is percent- then tilde-decoded; one written
// `{name~}` is only percent-decoded, for values whose tilde encoding carries structure (row
// keys "a,b", where an encoded comma ~2C belongs to a value). Literal segments match after
// percent-decoding. The segment's format extension (".json") is taken off first.
struct RouteSpec {
    std::string method;   // "GET", "POST", …; GET routes also answer HEAD
    std::string pattern;
    Handler handler;
    // Also answers every method no other route on the path serves, OPTIONS included, as
    // Datasette's table view (a plain function) answers all but POST like GET.
    bool every_method = false;
};

}  // namespace liteserve
