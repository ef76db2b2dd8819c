// Cross-origin resource sharing. With --cors every response carries Datasette's headers
// (Access-Control-Allow-Origin: *, Allow-Headers, Expose-Headers: Link, Allow-Methods,
// Max-Age). liteserve's extension, the cors_origins setting, allows only the listed origins:
// a request whose Origin is listed gets that origin echoed back, any other gets no CORS
// headers, and every response says Vary: Origin. The App applies the policy to every
// response in one place; the router answers OPTIONS preflights.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::api {

struct CorsPolicy {
    bool enabled = false;
    std::vector<std::string> origins;  // empty: any origin ("*")
};

// The policy for --cors and the cors_origins setting (which turns CORS on by itself).
// Throws std::invalid_argument for an entry that is not an origin: scheme://host[:port], no
// path, query or fragment ("*" stands for any origin).
CorsPolicy cors_policy(bool cors_flag, std::string_view cors_origins);

// Whether `origin` is in `allowed`, comparing ASCII case-insensitively (origins are
// case-insensitive in scheme and host).
bool origin_allowed(const std::vector<std::string>& allowed, std::string_view origin);

// Adds the CORS headers the policy gives this request to `response`.
void apply_cors(const CorsPolicy& policy, const Request& request, Response& response);

}  // namespace liteserve::api
