// Integers spelled the way Python's int(text) reads them. Datasette parses ?_size= and a
// view's ?_next= with int(), so " 2", "+2" and "1_000" are numbers there, and here too.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace liteserve::api {

// The value of `text` as Python's int(text) (base 10, ASCII): surrounding whitespace, an
// optional sign, digits with single underscores between them. Values beyond int64 saturate
// (Python's int has no limit; callers compare against their own bounds). nullopt when
// int() would raise ValueError.
std::optional<std::int64_t> python_int(std::string_view text);

}  // namespace liteserve::api
