// The actor making a request, shaped as Datasette's actor dict for a signed API token:
// {"id": …, "token": "dstok", "_r": … (restricted tokens only), "token_expires": … (tokens
// with a lifetime only)}. A plain value; no actor at all (std::nullopt) means anonymous.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "auth/restrictions.h"

namespace liteserve::auth {

struct Actor {
    std::string id;
    std::string token;                          // how it authenticated: "dstok" for signed tokens
    std::optional<Restrictions> restrictions;   // absent: not restricted by its token
    std::optional<std::int64_t> token_expires;  // Unix seconds
    bool operator==(const Actor&) const = default;
};

}  // namespace liteserve::auth
