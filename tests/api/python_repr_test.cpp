// Python's repr() of strings and lists of strings, as Datasette's messages print them.
#include "api/python_repr.h"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

using namespace liteserve;

TEST_CASE("python_repr quotes and escapes as Python's repr of a str") {
    struct ReprCase {
        std::string_view text;
        std::string_view expected;
    };
    for (const auto& c : std::initializer_list<ReprCase>{
             {"facetable", "'facetable'"},
             {"it's", "\"it's\""},
             {"a'\"b", "'a\\'\"b'"},
             {"back\\slash", "'back\\\\slash'"},
             {"line\nbreak\t", "'line\\nbreak\\t'"},
             {"\x01\x7f", "'\\x01\\x7f'"},
             {"caf\xc3\xa9", "'caf\xc3\xa9'"},
         }) {
        CAPTURE(c.text);
        CHECK(api::python_repr(c.text) == c.expected);
    }
}

TEST_CASE("python_list_repr prints a list of str as Python does") {
    CHECK(api::python_list_repr({}) == "[]");
    CHECK(api::python_list_repr({"1"}) == "['1']");
    CHECK(api::python_list_repr({"a", "it's", "x\ny"}) == "['a', \"it's\", 'x\\ny']");
}
