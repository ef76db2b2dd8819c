// The JSON inside a Datasette signed API token: {"a": actor id, "t": created, "d": lifetime,
// "_r": restrictions}, written exactly as Datasette writes it and read as strictly as it is used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/restrictions.h"

namespace liteserve::auth {

struct TokenPayload {
    std::string actor_id;                      // "a"
    std::int64_t created = 0;                  // "t": Unix seconds
    std::optional<std::int64_t> duration;      // "d": seconds the token lives; absent: no limit of its own
    std::optional<Restrictions> restrictions;  // "_r"; absent: unrestricted
    bool operator==(const TokenPayload&) const = default;
};

// The payload as Datasette serializes it: compact, keys in the order a, t, d, _r, non-ASCII
// text as UTF-8, "d" and "_r" only when present.
std::string payload_json(const TokenPayload& payload);
// Reads a payload; nullopt unless "a" is a string, "t" an integer, "d" absent/null/an integer
// and "_r" (when present) an object of string lists in Datasette's shape.
std::optional<TokenPayload> parse_payload_json(std::string_view json);

}  // namespace liteserve::auth
