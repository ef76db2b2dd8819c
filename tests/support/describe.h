// Bound values and parameter lists as short strings, so table tests compare one string and
// a failing CHECK prints both sides: integers bare, text quoted, doubles marked.
#pragma once

#include <charconv>
#include <string>
#include <type_traits>
#include <variant>

#include "db/value.h"

namespace liteserve::testing {

inline std::string describe(const db::Value& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) return "NULL";
            else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(v);
            else if constexpr (std::is_same_v<T, double>) {
                char buf[32];
                auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
                return "double:" + std::string(buf, end);
            } else if constexpr (std::is_same_v<T, std::string>) return "'" + v + "'";
            else return "blob";
        },
        value);
}

// "p0='CA', p1=12"
inline std::string describe(const db::Params& params) {
    std::string out;
    for (const auto& [name, value] : params) out += (out.empty() ? "" : ", ") + name + "=" + describe(value);
    return out;
}

}  // namespace liteserve::testing
