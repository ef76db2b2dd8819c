// Tables for src/api/query_args.cpp: raw query strings → decoded (key, value) pairs, as
// Python's parse_qsl(keep_blank_values=True) gives them to Datasette, and the lookup helpers.
#include "api/query_args.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "liteserve/error.h"

using liteserve::HttpError;
using liteserve::api::QueryArgs;
using liteserve::api::url_quote_plus;

namespace {

// "k=v | k2=v2" for one CHECK per case.
std::string pairs(std::string_view raw) {
    std::string out;
    auto args = QueryArgs::parse(raw);
    for (const auto& [k, v] : args.all()) out += (out.empty() ? "" : " | ") + k + "=" + v;
    return out;
}

}  // namespace

TEST_CASE("QueryArgs::parse: decoding") {
    struct Case {
        std::string raw;
        std::string pairs;
    };
    const std::vector<Case> cases = {
        {"", ""},
        {"a=1", "a=1"},
        {"a=1&b=2&a=3", "a=1 | b=2 | a=3"},
        {"a=hello+world", "a=hello world"},
        {"a=%2B%26%3D", "a=+&="},
        {"q=caf%C3%A9", "q=caf\xc3\xa9"},
        {"a=&b", "a= | b="},
        {"_sort=pk&state__in=CA,MI", "_sort=pk | state__in=CA,MI"},
        {"sql=select+*+from+t+where+x+%3D+%3Ay", "sql=select * from t where x = :y"},
        // Characters RFC 3986 does not allow in a query, sent unescaped by browsers and curl.
        {"pk__in=[2,4]", "pk__in=[2,4]"},
        {"pk__in=[\"a\",\"b\"]", "pk__in=[\"a\",\"b\"]"},
        {"_json={x}|^`", "_json={x}|^`"},
        {"q=caf\xc3\xa9", "q=caf\xc3\xa9"},
        {"q=a b", "q=a b"},
        {"q=a/b?c", "q=a/b?c"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.raw);
        CHECK(pairs(c.raw) == c.pairs);
    }
    CHECK_THROWS_AS(QueryArgs::parse("a=%zz"), HttpError);
}

TEST_CASE("QueryArgs: truthy is Python's truth of the first value, as Datasette's if args.get(key)") {
    struct Case { const char* query; bool truthy; };
    for (auto c : {Case{"_nocount=1", true}, Case{"_nocount=0", true}, Case{"_nocount=off", true},
                   Case{"_nocount=", false}, Case{"_nocount", false}, Case{"other=1", false},
                   Case{"_nocount=&_nocount=1", false}}) {
        CAPTURE(c.query);
        CHECK(QueryArgs::parse(c.query).truthy("_nocount") == c.truthy);
    }
}

TEST_CASE("QueryArgs: lookups") {
    auto args = QueryArgs::parse("_col=a,b&_col=c,,d&state=CA&_x__exact=1&_nl=on&_flag=yes&state=MI&_where=x");
    CHECK(args.first("state") == "CA");
    CHECK_FALSE(args.first("nope").has_value());
    CHECK(args.every("state") == std::vector<std::string>{"CA", "MI"});
    CHECK(args.comma_list("_col") == std::vector<std::string>{"a", "b", "c", "d"});
    CHECK(args.flag("_nl"));
    CHECK(QueryArgs::parse("_json_infinity=ON").flag("_json_infinity"));
    CHECK(QueryArgs::parse("_json_infinity=True").flag("_json_infinity"));
    CHECK_FALSE(args.flag("_flag"));
    CHECK_FALSE(args.flag("nope"));
    CHECK(args.has("_where"));
    CHECK(args.truthy("_flag"));
    CHECK_FALSE(args.truthy("nope"));
    // Filters: no leading '_', unless the key contains "__".
    std::string filters;
    for (const auto& [k, v] : args.without_underscore()) filters += k + "=" + v + " ";
    CHECK(filters == "state=CA _x__exact=1 state=MI ");
}

TEST_CASE("url_quote_plus: Python's urlencode") {
    CHECK(url_quote_plus("a b") == "a+b");
    CHECK(url_quote_plus("a,b/c") == "a%2Cb%2Fc");
    CHECK(url_quote_plus("~_.-azAZ09") == "~_.-azAZ09");
    CHECK(url_quote_plus("$null") == "%24null");
    CHECK(url_quote_plus("\xc3\xa9+") == "%C3%A9%2B");
}
