// src/api/python_int.cpp: what Python's int(text) accepts, and what it refuses.
#include "api/python_int.h"

#include <doctest/doctest.h>

#include <limits>
#include <string>

using liteserve::api::python_int;

TEST_CASE("python_int: Python's int() spellings") {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
    struct Case { const char* text; std::optional<std::int64_t> value; };
    for (auto c : {Case{"0", 0}, Case{"7", 7}, Case{"007", 7}, Case{"+2", 2}, Case{"-2", -2},
                   Case{" 2", 2}, Case{"2 ", 2}, Case{"\t12\n", 12}, Case{"1_000", 1000},
                   Case{"1_0_0", 100}, Case{"-0", 0},
                   Case{"9223372036854775807", kMax}, Case{"-9223372036854775808", kMin},
                   Case{"9223372036854775808", kMax},  // beyond int64: saturates
                   Case{"99999999999999999999999", kMax}, Case{"-99999999999999999999999", kMin},
                   Case{"", std::nullopt}, Case{" ", std::nullopt}, Case{"+", std::nullopt},
                   Case{"1.5", std::nullopt}, Case{"abc", std::nullopt}, Case{"5x", std::nullopt},
                   Case{"_1", std::nullopt}, Case{"1_", std::nullopt}, Case{"1__0", std::nullopt},
                   Case{"+-1", std::nullopt}, Case{"1 2", std::nullopt}, Case{"0x10", std::nullopt},
                   Case{"- 1", std::nullopt}}) {
        CAPTURE(std::string(c.text));
        CHECK(python_int(c.text) == c.value);
    }
}
