// Tables for src/api/json_writer.cpp: every expected text below is what Python's json.dumps
// (Datasette's serializer) prints for the same value, including repr(float) and
// ensure_ascii escaping of text decoded with errors="replace".
#include "api/json_writer.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace liteserve::api;

namespace {

using namespace std::string_literals;

std::string python_float(double value) {
    std::string out;
    append_python_float(out, value);
    return out;
}

std::string json_string(std::string_view value) {
    std::string out;
    append_json_string(out, value);
    return out;
}

struct FloatCase {
    double value;
    std::string repr;
};

struct StringCase {
    std::string input;
    std::string json;
};

}  // namespace

TEST_CASE("append_python_float: repr(float) for every layout Python uses") {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<FloatCase> cases = {
        {1.5, "1.5"},
        {2.0, "2.0"},
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {-0.5, "-0.5"},
        {100.0, "100.0"},
        {123.456, "123.456"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3.0, "0.3333333333333333"},
        // Positional up to an exponent of 15, scientific from 16.
        {1e15, "1000000000000000.0"},
        {9999999999999998.0, "9999999999999998.0"},
        {1234567890123456.7, "1234567890123456.8"},
        {1e16, "1e+16"},
        {12345678901234567.0, "1.2345678901234568e+16"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {1e22, "1e+22"},
        {1e100, "1e+100"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        // Positional down to 1e-4, scientific below, exponent at least two digits.
        {0.001, "0.001"},
        {0.0001, "0.0001"},
        {1e-05, "1e-05"},
        {0.00001234, "1.234e-05"},
        {2.5e-7, "2.5e-07"},
        {5e-324, "5e-324"},
        {inf, "Infinity"},
        {-inf, "-Infinity"},
        {std::nan(""), "NaN"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.repr);
        CHECK(python_float(c.value) == c.repr);
    }
}

TEST_CASE("append_json_string: ASCII escapes") {
    const std::vector<StringCase> cases = {
        {"", R"("")"},
        {"plain text /", R"("plain text /")"},
        {"say \"hi\"", R"("say \"hi\"")"},
        {"back\\slash", R"("back\\slash")"},
        {"\n\r\t\b\f", R"("\n\r\t\b\f")"},
        {"\x01\x1f", R"("\u0001\u001f")"},
        {"nul\0inside"s, R"("nul\u0000inside")"},
        {"del\x7f", R"("del\u007f")"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        CHECK(json_string(c.input) == c.json);
    }
}

TEST_CASE("append_json_string: non-ASCII as lower-case \\uXXXX, astral as surrogate pairs") {
    const std::vector<StringCase> cases = {
        {"caf\xc3\xa9", R"("caf\u00e9")"},
        {"\xe6\x97\xa5\xe6\x9c\xac", R"("\u65e5\u672c")"},
        {"\xef\xbf\xbf", R"("\uffff")"},
        {"\xf0\x9f\x8e\x89", R"("\ud83c\udf89")"},
        {"\xf4\x8f\xbf\xbf", R"("\udbff\udfff")"},
        {"a\xc3\xa9" "b\xf0\x9f\x8e\x89" "c", R"("a\u00e9b\ud83c\udf89c")"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        CHECK(json_string(c.input) == c.json);
    }
}

TEST_CASE("append_json_string: invalid UTF-8 becomes \\ufffd as Python's errors=\"replace\"") {
    // One U+FFFD per maximal ill-formed subsequence, the next byte then read afresh.
    const std::vector<StringCase> cases = {
        {"\xff", R"("\ufffd")"},
        {"\x80", R"("\ufffd")"},
        {"a\xc3", R"("a\ufffd")"},                                      // truncated at the end
        {"\xc3" "b", R"("\ufffdb")"},                                   // lead byte, no continuation
        {"\xe6\x97", R"("\ufffd")"},                                    // valid prefix: one U+FFFD
        {"\xe6\x97x", R"("\ufffdx")"},
        {"\xf0\x9f\x8e", R"("\ufffd")"},
        {"\xc0\x80", R"("\ufffd\ufffd")"},                              // overlong NUL
        {"\xe0\x80\x80", R"("\ufffd\ufffd\ufffd")"},                    // overlong
        {"\xf0\x80\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd")"},          // overlong
        {"\xed\xa0\x80", R"("\ufffd\ufffd\ufffd")"},                    // encoded surrogate
        {"\xf4\x90\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd")"},          // beyond U+10FFFF
        {"\xff\x80\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd")"},
        {"\xf8\x88\x80\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd\ufffd")"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        CHECK(json_string(c.input) == c.json);
    }
}

TEST_CASE("first_invalid_utf8: where the first ill-formed sequence starts") {
    struct Case {
        std::string text;
        std::optional<std::size_t> expected;
    };
    const std::vector<Case> cases = {
        {"", std::nullopt},
        {"plain ascii text longer than one eight-byte block", std::nullopt},
        {"caf\xc3\xa9 \xf0\x9f\x8e\x89 \xef\xbf\xbd", std::nullopt},      // two-, four-byte, U+FFFD itself
        {"\xff", 0},
        {"abcdefghij\xff", 10},                                         // after a whole ASCII block
        {"abcdefgh\xc3", 8},                                            // truncated at the end
        {"abcdefg\xc3\xa9hijklmno\x80", 17},                            // a block that straddles
        {"ok \xed\xa0\x80", 3},                                         // encoded surrogate
        {"ok \xc0\x80", 3},                                             // overlong NUL
        {"ok \xf4\x90\x80\x80", 3},                                     // beyond U+10FFFF
        {"nul\0inside"s, std::nullopt},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(first_invalid_utf8(c.text) == c.expected);
    }
}

TEST_CASE("JsonWriter: Python's separators and nesting") {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.key("a").begin_array().integer(1).integer(2).begin_object().key("b").null().end_object().end_array();
    w.key("c").begin_object().end_object();
    w.key("d").begin_array().end_array();
    w.key("e").strings({"x", "y"});
    w.key("f").boolean(true).key("g").boolean(false);
    w.key("h").number(2.0).key("i").integer(-9223372036854775807LL - 1);
    w.key("j").raw(R"({"k": [1]})");
    w.key("caf\xc3\xa9").string("v");
    w.end_object();
    CHECK(out == R"({"a": [1, 2, {"b": null}], "c": {}, "d": [], "e": ["x", "y"], "f": true, "g": false, )"
                 R"("h": 2.0, "i": -9223372036854775808, "j": {"k": [1]}, "caf\u00e9": "v"})");
}

TEST_CASE("JsonWriter: top-level values and arrays of containers") {
    std::string scalar;
    JsonWriter(scalar).string("x");
    CHECK(scalar == R"("x")");

    std::string rows;
    JsonWriter w(rows);
    w.begin_array();
    for (int i = 0; i < 3; ++i) w.begin_array().integer(i).number(0.5).end_array();
    w.begin_object().end_object();
    w.end_array();
    CHECK(rows == "[[0, 0.5], [1, 0.5], [2, 0.5], {}]");

    // Appends to what the buffer already holds.
    std::string prefixed = "data: ";
    JsonWriter(prefixed).begin_array().null().end_array();
    CHECK(prefixed == "data: [null]");
}
