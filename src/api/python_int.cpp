// Python's int(str) grammar for base 10: [ws] [+|-] digit (["_"] digit)* [ws].
#include "api/python_int.h"

#include <limits>

namespace liteserve::api {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<std::int64_t> python_int(std::string_view text) {
    std::string_view s = strip(text);
    bool negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s.empty() || !is_digit(s.front()) || !is_digit(s.back())) return std::nullopt;
    // Accumulate as a negative number: its range includes INT64_MIN.
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    std::int64_t value = 0;
    bool saturated = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_') {
            if (!is_digit(s[i + 1])) return std::nullopt;  // "1__0": the last char is a digit
            continue;
        }
        if (!is_digit(s[i])) return std::nullopt;
        int digit = s[i] - '0';
        if (value < (kMin + digit) / 10) saturated = true;
        if (!saturated) value = value * 10 - digit;
    }
    if (saturated) return negative ? kMin : std::numeric_limits<std::int64_t>::max();
    if (!negative) return value == kMin ? std::numeric_limits<std::int64_t>::max() : -value;
    return value;
}

}  // namespace liteserve::api
