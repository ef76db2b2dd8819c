// Tables for src/api/tilde.cpp: Datasette's documented examples, the decoder's handling of
// sequences tilde_encode never writes, and the round trip over awkward strings.
#include "api/tilde.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using liteserve::api::tilde_decode;
using liteserve::api::tilde_encode;

namespace {

using namespace std::string_literals;

struct Pair {
    std::string plain;
    std::string encoded;
};

// Both directions hold for every row.
const std::vector<Pair> kPairs = {
    {"/foo/bar", "~2Ffoo~2Fbar"},
    {"table/with/slashes.csv", "table~2Fwith~2Fslashes~2Ecsv"},
    {"hello world", "hello+world"},
    {"é", "~C3~A9"},
    {"日本", "~E6~97~A5~E6~9C~AC"},
    {"a-b_c", "a-b_c"},
    {"AZaz09", "AZaz09"},
    {"", ""},
    {"~", "~7E"},
    {"+", "~2B"},
    {"%2F", "~252F"},
    {"a.b", "a~2Eb"},
    {"a\0b"s, "a~00b"},
    {"\xff", "~FF"},
    {"?#&=", "~3F~23~26~3D"},
};

}  // namespace

TEST_CASE("tilde_encode: Datasette's examples") {
    for (const auto& [plain, encoded] : kPairs) {
        CAPTURE(encoded);
        CHECK(tilde_encode(plain) == encoded);
    }
}

TEST_CASE("tilde_decode reverses tilde_encode") {
    for (const auto& [plain, encoded] : kPairs) {
        CAPTURE(encoded);
        CHECK(tilde_decode(encoded) == plain);
    }
}

TEST_CASE("tilde_decode: sequences tilde_encode never writes") {
    const std::vector<Pair> cases = {
        {"a b", "a+b"},                  // '+' is a space, as in a query string
        {"/", "~2f"},                    // lower-case hex decodes like Datasette's unquote
        {"~", "~"},                      // stray tilde: the name is taken literally
        {"~zz", "~zz"},
        {"a~", "a~"},
        {"~2", "~2"},                    // truncated sequence
        {"~g0", "~g0"},
        {"a~2Fb~zz", "a~2Fb~zz"},        // one bad sequence keeps the whole input as is
        {"a+b~", "a+b~"},
        {"%2F", "%2F"},                  // percent-escapes are not tilde-escapes
        {"100%", "100%"},
        {"caf\xc3\xa9", "caf\xc3\xa9"},  // raw UTF-8 passes through
    };
    for (const auto& [plain, encoded] : cases) {
        CAPTURE(encoded);
        CHECK(tilde_decode(encoded) == plain);
    }
}

TEST_CASE("tilde round trip over awkward strings") {
    const std::vector<std::string> strings = {
        "", " ", "  ", "~", "~~", "~2F", "~zz", "+", "a+b c", "100%", "%2F", "%", "日本語",
        "emoji 🎉", "/.\\?#&=;,", "\x01\x7f\xff\x80", "nul\0inside"s, "-_", "--", "__",
        "table/with/slashes.csv", "O'Brien \"quoted\"", "tab\there", "line\nbreak", "[a]",
    };
    for (const auto& s : strings) {
        CAPTURE(s);
        std::string encoded = tilde_encode(s);
        CHECK(tilde_decode(encoded) == s);
        // The encoding is path-safe: only [A-Za-z0-9_-], '+' and ~XX with upper-case hex.
        CHECK(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789_-+~") == std::string::npos);
    }
}
