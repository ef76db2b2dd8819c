// Python's repr() of strings, for the messages Datasette builds with it (Record not found:
// ['1'], ResolvedTable(... table='x'), str() of nested JSON values).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace liteserve::api {

// repr() of a str: quoted with ' (or " when only ' occurs), backslash, the quote, \t \n \r
// and the code points str.isprintable() rejects escaped.
std::string python_repr(std::string_view text);

// repr() of a list of str: ['a', "it's"].
std::string python_list_repr(const std::vector<std::string>& values);

}  // namespace liteserve::api
