// Datasette's signed API tokens: "dstok_" + itsdangerous URLSafeSerializer(secret, "token")
// over the JSON payload {"a": actor id, "t": created, "d": lifetime, "_r": restrictions}.
// Tokens made here verify in Datasette and the other way round. Pure functions: the caller
// passes the secret, the settings and the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/actor.h"
#include "auth/token_payload.h"

namespace liteserve::auth {

inline constexpr std::string_view kTokenPrefix = "dstok_";

// The settings that govern tokens (allow_signed_tokens, max_signed_tokens_ttl).
struct TokenPolicy {
    bool allow_signed_tokens = true;
    std::int64_t max_ttl = 0;  // seconds; 0: no cap
};

// "dstok_…" for this payload, byte for byte what Datasette's create_token makes.
std::string create_token(const TokenPayload& payload, std::string_view secret);
// The payload of a "dstok_" token whose signature matches `secret`; expiry is not checked.
std::optional<TokenPayload> decode_token(std::string_view token, std::string_view secret);

// Datasette's actor_from_request for signed tokens: the token's actor when tokens are allowed,
// the signature matches and the token has not expired at `now` (Unix seconds); else nullopt.
// A token without a lifetime, or with one longer than policy.max_ttl, lives max_ttl seconds.
std::optional<Actor> actor_from_token(std::string_view token, std::string_view secret, const TokenPolicy& policy,
                                      double now);
// The same for an Authorization header value: only "Bearer dstok_…" names a token.
std::optional<Actor> actor_from_authorization(std::string_view authorization, std::string_view secret,
                                              const TokenPolicy& policy, double now);

}  // namespace liteserve::auth
