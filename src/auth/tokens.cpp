// Signing and checking "dstok_" tokens, and turning a valid one into an actor with Datasette's
// expiry rules (datasette/tokens.py SignedTokenHandler.verify_token in 1.0a33).
#include "auth/tokens.h"

#include "auth/signing.h"

namespace liteserve::auth {
namespace {

// Datasette signs tokens under the namespace (itsdangerous salt) "token".
constexpr std::string_view kNamespace = "token";
constexpr std::string_view kBearer = "Bearer ";

// The lifetime the policy allows: the token's own, capped by max_ttl; max_ttl when the token
// has none. 0 means the token does not expire. (Datasette leaves a token whose "d" is 0
// uncapped; liteserve caps it like a token without "d", so max_ttl cannot be sidestepped.)
std::int64_t lifetime(const TokenPayload& payload, const TokenPolicy& policy) {
    std::int64_t duration = payload.duration.value_or(0);
    if (policy.max_ttl && (duration == 0 || duration > policy.max_ttl)) duration = policy.max_ttl;
    return duration;
}

}  // namespace

std::string create_token(const TokenPayload& payload, std::string_view secret) {
    return std::string(kTokenPrefix) + sign_json(secret, kNamespace, payload_json(payload));
}

std::optional<TokenPayload> decode_token(std::string_view token, std::string_view secret) {
    if (!token.starts_with(kTokenPrefix)) return std::nullopt;
    auto json = unsign_json(secret, kNamespace, token.substr(kTokenPrefix.size()));
    if (!json) return std::nullopt;
    return parse_payload_json(*json);
}

std::optional<Actor> actor_from_token(std::string_view token, std::string_view secret, const TokenPolicy& policy,
                                      double now) {
    if (!policy.allow_signed_tokens) return std::nullopt;
    auto payload = decode_token(token, secret);
    if (!payload) return std::nullopt;
    std::int64_t duration = lifetime(*payload, policy);
    if (duration && now - static_cast<double>(payload->created) > static_cast<double>(duration)) return std::nullopt;
    Actor actor{payload->actor_id, "dstok", std::move(payload->restrictions), std::nullopt};
    if (duration) actor.token_expires = payload->created + duration;
    return actor;
}

std::optional<Actor> actor_from_authorization(std::string_view authorization, std::string_view secret,
                                              const TokenPolicy& policy, double now) {
    if (!authorization.starts_with(kBearer)) return std::nullopt;
    return actor_from_token(authorization.substr(kBearer.size()), secret, policy, now);
}

}  // namespace liteserve::auth
