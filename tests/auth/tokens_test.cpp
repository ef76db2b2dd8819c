// Tests for src/auth/tokens.cpp against tokens made by Datasette 1.0a33's create-token
// (tests/support/token_vectors.h): each verifies under its secret and no other, liteserve
// makes the same bytes, and expiry, settings and tampering behave as in Datasette.
#include "auth/tokens.h"

#include <doctest/doctest.h>

#include <string>

#include "support/token_vectors.h"

using namespace liteserve;
using namespace liteserve::auth;
using liteserve::testing::token_vectors;

namespace {

const TokenPolicy kDefaults{};

std::string payload_of(const std::string& token) { return token.substr(0, token.rfind('.')); }

}  // namespace

TEST_CASE("every Datasette vector verifies with its secret and fails with another") {
    for (const auto& v : token_vectors()) {
        CAPTURE(v.token);
        auto payload = decode_token(v.token, v.secret);
        REQUIRE(payload.has_value());
        CHECK(*payload == v.payload);
        CHECK_FALSE(decode_token(v.token, "some-other-secret").has_value());
        CHECK_FALSE(decode_token(v.token, std::string(v.secret) + " ").has_value());
        auto actor = actor_from_token(v.token, v.secret, kDefaults, static_cast<double>(v.payload.created) + 1);
        REQUIRE(actor.has_value());
        CHECK(actor->id == v.payload.actor_id);
        CHECK(actor->token == "dstok");
        CHECK(actor->restrictions == v.payload.restrictions);
    }
}

TEST_CASE("liteserve makes Datasette's exact tokens, compressed ones included") {
    for (const auto& v : token_vectors()) {
        CAPTURE(v.token);
        std::string token = create_token(v.payload, v.secret);
        CHECK(token == v.token);
        CHECK(token.starts_with("dstok_.") == v.compressed);
    }
}

TEST_CASE("tokens made by liteserve round-trip") {
    Restrictions r;
    r.allow_all("vi");
    r.allow_resource("rw", "tags", "ir");
    TokenPayload payload{"alice", 1000, 60, r};
    std::string token = create_token(payload, "s3cret");
    CHECK(decode_token(token, "s3cret") == payload);
    auto actor = actor_from_token(token, "s3cret", kDefaults, 1030);
    REQUIRE(actor.has_value());
    CHECK(*actor == Actor{"alice", "dstok", r, 1060});
}

TEST_CASE("tampered tokens are rejected") {
    const auto vectors = token_vectors();
    const auto& v = vectors.at(1);
    std::string token(v.token);
    double now = static_cast<double>(v.payload.created);
    SUBCASE("changed signature") {
        token.back() = token.back() == 'M' ? 'N' : 'M';
    }
    SUBCASE("changed payload") {
        token[10] = token[10] == 'a' ? 'b' : 'a';
    }
    SUBCASE("payload of one token with the signature of another") {
        std::string other(vectors.at(0).token);
        token = payload_of(token) + other.substr(other.rfind('.'));
    }
    SUBCASE("longer duration written into the payload") {
        TokenPayload longer = v.payload;
        longer.duration = 999999;
        std::string forged = create_token(longer, "attacker");
        token = payload_of(forged) + token.substr(token.rfind('.'));
    }
    SUBCASE("missing prefix") { token = token.substr(6); }
    SUBCASE("other prefix") { token = "dstoken_" + token.substr(6); }
    SUBCASE("no signature") { token = payload_of(token); }
    CHECK_FALSE(decode_token(token, v.secret).has_value());
    CHECK_FALSE(actor_from_token(token, v.secret, kDefaults, now).has_value());
}

TEST_CASE("a token expires after t + d (Datasette: time.time() - t > d)") {
    const auto vectors = token_vectors();
    const auto& v = vectors.at(1);  // alice, d = 3600
    double t = static_cast<double>(v.payload.created);
    auto actor = actor_from_token(v.token, v.secret, kDefaults, t + 3600);
    REQUIRE(actor.has_value());
    CHECK(actor->token_expires == v.payload.created + 3600);
    CHECK_FALSE(actor_from_token(v.token, v.secret, kDefaults, t + 3600.5).has_value());
    CHECK_FALSE(actor_from_token(v.token, v.secret, kDefaults, t + 86400).has_value());
    // A token without "d" never expires and has no token_expires.
    const auto& forever = vectors.at(0);
    auto old = actor_from_token(forever.token, forever.secret, kDefaults, 4.0e9);
    REQUIRE(old.has_value());
    CHECK_FALSE(old->token_expires.has_value());
}

TEST_CASE("max_signed_tokens_ttl caps tokens without or with a longer lifetime") {
    const auto vectors = token_vectors();
    const auto& forever = vectors.at(0);  // no "d"
    const auto& hour = vectors.at(1);     // d = 3600
    double t = static_cast<double>(forever.payload.created);
    TokenPolicy capped{true, 60};
    auto actor = actor_from_token(forever.token, forever.secret, capped, t + 60);
    REQUIRE(actor.has_value());
    CHECK(actor->token_expires == forever.payload.created + 60);
    CHECK_FALSE(actor_from_token(forever.token, forever.secret, capped, t + 61).has_value());
    CHECK_FALSE(actor_from_token(hour.token, hour.secret, capped, t + 61).has_value());
    TokenPolicy generous{true, 7200};
    auto kept = actor_from_token(hour.token, hour.secret, generous, t + 100);
    REQUIRE(kept.has_value());
    CHECK(kept->token_expires == hour.payload.created + 3600);  // its own, shorter lifetime
}

TEST_CASE("allow_signed_tokens off ignores every token") {
    const auto vectors = token_vectors();
    const auto& v = vectors.at(0);
    CHECK_FALSE(actor_from_token(v.token, v.secret, TokenPolicy{false, 0}, 1.8e9).has_value());
}

TEST_CASE("only 'Bearer dstok_…' Authorization headers name a token") {
    const auto vectors = token_vectors();
    const auto& v = vectors.at(0);
    std::string token(v.token);
    double now = static_cast<double>(v.payload.created);
    CHECK(actor_from_authorization("Bearer " + token, v.secret, kDefaults, now).has_value());
    CHECK_FALSE(actor_from_authorization("bearer " + token, v.secret, kDefaults, now).has_value());
    CHECK_FALSE(actor_from_authorization("Bearer  " + token, v.secret, kDefaults, now).has_value());
    CHECK_FALSE(actor_from_authorization("Basic " + token, v.secret, kDefaults, now).has_value());
    CHECK_FALSE(actor_from_authorization(token, v.secret, kDefaults, now).has_value());
    CHECK_FALSE(actor_from_authorization("Bearer ", v.secret, kDefaults, now).has_value());
}
