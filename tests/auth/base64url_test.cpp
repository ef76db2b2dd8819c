// Tests for src/auth/base64url.cpp: RFC 4648 vectors in the URL-safe alphabet, no padding.
#include "auth/base64url.h"

#include <doctest/doctest.h>

using namespace liteserve::auth;

TEST_CASE("base64url encodes RFC 4648 vectors without padding") {
    CHECK(base64url_encode("") == "");
    CHECK(base64url_encode("f") == "Zg");
    CHECK(base64url_encode("fo") == "Zm8");
    CHECK(base64url_encode("foo") == "Zm9v");
    CHECK(base64url_encode("foobar") == "Zm9vYmFy");
    CHECK(base64url_encode("\xfb\xff\xbf") == "-_-_");  // '+' and '/' in the standard alphabet
}

TEST_CASE("base64url decodes with or without padding") {
    CHECK(base64url_decode("") == std::string());
    CHECK(base64url_decode("Zg") == std::string("f"));
    CHECK(base64url_decode("Zg==") == std::string("f"));
    CHECK(base64url_decode("Zm8") == std::string("fo"));
    CHECK(base64url_decode("Zm9vYmFy") == std::string("foobar"));
    CHECK(base64url_decode("-_-_") == std::string("\xfb\xff\xbf"));
    std::string binary("\x00\x01\xfe\xff", 4);
    CHECK(base64url_decode(base64url_encode(binary)) == binary);
}

TEST_CASE("base64url rejects what no encoder produces") {
    CHECK_FALSE(base64url_decode("Zm9v+A").has_value());  // standard-alphabet character
    CHECK_FALSE(base64url_decode("Zm9v/A").has_value());
    CHECK_FALSE(base64url_decode("Zm 9").has_value());
    CHECK_FALSE(base64url_decode("Zm9vY").has_value());   // 4n+1 characters
    CHECK_FALSE(base64url_decode("Z=g").has_value());
}
