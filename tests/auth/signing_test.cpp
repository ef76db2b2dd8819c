// Tests for src/auth/signing.cpp: itsdangerous URLSafeSerializer signing, compression and
// the checks on unsigning. Byte-exactness against Datasette is covered by tokens_test.cpp.
#include "auth/signing.h"

#include <doctest/doctest.h>

#include <string>

using namespace liteserve::auth;

TEST_CASE("signed JSON round-trips under the same secret and salt only") {
    std::string json = R"({"a":"root","t":1})";
    std::string signed_value = sign_json("s3cret", "token", json);
    CHECK(unsign_json("s3cret", "token", signed_value) == json);
    CHECK_FALSE(unsign_json("other", "token", signed_value).has_value());
    CHECK_FALSE(unsign_json("s3cret", "actor", signed_value).has_value());  // another namespace
}

TEST_CASE("payloads are compressed only when that saves more than one byte") {
    std::string short_json = R"({"a":"x"})";
    CHECK(sign_json("k", "s", short_json).front() != '.');
    std::string long_json = R"({"a":")" + std::string(200, 'z') + R"("})";
    std::string signed_value = sign_json("k", "s", long_json);
    CHECK(signed_value.front() == '.');
    CHECK(signed_value.size() < long_json.size());
    CHECK(unsign_json("k", "s", signed_value) == long_json);
}

TEST_CASE("tampered or malformed signed values are rejected") {
    std::string signed_value = sign_json("k", "s", R"({"a":"root","t":1})");
    auto dot = signed_value.rfind('.');
    SUBCASE("a changed signature") {
        std::string changed = signed_value;
        changed.back() = changed.back() == 'A' ? 'B' : 'A';
        CHECK_FALSE(unsign_json("k", "s", changed).has_value());
    }
    SUBCASE("a changed payload") {
        std::string changed = signed_value;
        changed[2] = changed[2] == 'A' ? 'B' : 'A';
        CHECK_FALSE(unsign_json("k", "s", changed).has_value());
    }
    SUBCASE("a truncated or missing signature") {
        CHECK_FALSE(unsign_json("k", "s", signed_value.substr(0, signed_value.size() - 1)).has_value());
        CHECK_FALSE(unsign_json("k", "s", signed_value.substr(0, dot + 1)).has_value());
        CHECK_FALSE(unsign_json("k", "s", signed_value.substr(0, dot)).has_value());
    }
    SUBCASE("a signature that is not base64url") {
        CHECK_FALSE(unsign_json("k", "s", signed_value.substr(0, dot + 1) + "!!!!").has_value());
    }
    CHECK_FALSE(unsign_json("k", "s", "").has_value());
}

TEST_CASE("random secrets are 64 hex digits and differ") {
    std::string a = random_secret(), b = random_secret();
    CHECK(a.size() == 64);
    CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(a != b);
}

TEST_CASE("a ds_messages cookie value recorded from Datasette 1.0a33 is reproduced byte for byte") {
    // conformance golden canned.write.06-redirect: secret "conformance-secret-1", namespace
    // "messages", the messages [["Query executed, 1 row affected", 1]] (1 = INFO).
    CHECK(sign_json("conformance-secret-1", "messages", R"([["Query executed, 1 row affected",1]])") ==
          "W1siUXVlcnkgZXhlY3V0ZWQsIDEgcm93IGFmZmVjdGVkIiwxXV0.F1raG5AZJt7LpIPTZIIGeJt1gxU");
    CHECK(compact_json_string("caf\xc3\xa9 \"q\"\n") == "\"caf\xc3\xa9 \\\"q\\\"\\n\"");
}
