// A SQLite value as a plain C++ value: bound parameters and values read back for keys.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace liteserve::db {

struct Blob {
    std::string bytes;
    bool operator==(const Blob&) const = default;
};

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

// Named parameters for a statement; names are written without the leading ':'.
using Params = std::vector<std::pair<std::string, Value>>;

}  // namespace liteserve::db
