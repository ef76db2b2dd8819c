// Tables for src/api/query_params.cpp: which names Datasette's named_parameters() finds in SQL
// text, the parameter dictionary a query binds from, the "params" of ?_extra=query, and the
// keys Python's sqlite3 looks parameters up by.
#include "api/query_params.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "db/sql_guard.h"
#include "support/fixture_db.h"

using liteserve::api::binding_keys;
using liteserve::api::extra_query_params;
using liteserve::api::parameter_dict;
using liteserve::api::ParamDict;
using liteserve::api::QueryArgs;
using liteserve::api::sql_named_parameters;

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
    return out;
}

// "k=v | k2=v2" for one CHECK per case.
std::string dict_text(const ParamDict& dict) {
    std::string out;
    for (const auto& [k, v] : dict) out += (out.empty() ? "" : " | ") + k + "=" + v;
    return out;
}

}  // namespace

TEST_CASE("sql_named_parameters: Datasette's :name scan") {
    struct Case {
        std::string sql;
        std::string names;
    };
    const std::vector<Case> cases = {
        {"select 1", ""},
        {"select :a, :b", "a,b"},
        {"select :a + :a", "a,a"},  // repeats kept, as re.findall keeps them
        {"select :_actor_id, :sql", "_actor_id,sql"},
        {"select :caf\xc3\xa9", "caf\xc3\xa9"},
        // Only ":" names: "$n", "@n" and "?" never get a '' default.
        {"select $n, @m, ?, ?3, :k", "k"},
        // Comments, literals and quoted identifiers are taken out first.
        {"select ':a', \":b\", [:c], `:d`, :e", "e"},
        {"select 1 -- :a\n, :b", "b"},
        {"select /* :a */ :b /* :c", "b"},
        {"select 'it''s :a', :b", "b"},
        // An unterminated literal still matches up to its last doubled quote ('a' here), as
        // the regular expression backtracks; what follows stays in the text.
        {"select 'a'' :b", "b"},
        {"select 'never closed :a", "a"},
        {"select [open :a", "a"},
        // Removing a literal joins the text around it.
        {"select :'x'y", "y"},
        {"select ::a, a:b", "a,b"},
        {"select :", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sql);
        CHECK(joined(sql_named_parameters(c.sql)) == c.names);
    }
}

TEST_CASE("parameter_dict: the dictionary a query binds from") {
    struct Case {
        std::string query;
        std::vector<std::string> defaults;
        bool drop_sql;
        std::string dict;
    };
    const std::vector<Case> cases = {
        {"sql=select+:n&n=1", {"n"}, true, "n=1"},
        // Every argument is in it, first value only, in order; '' defaults come last.
        {"sql=x&b=2&a=1&b=3&_shape=arrays", {"c", "a"}, true, "b=2 | a=1 | _shape=arrays | c="},
        // "_" names never default, whether given or not.
        {"sql=x", {"_x", "y"}, true, "y="},
        {"sql=x&_x=1", {"_x"}, true, "_x=1"},
        // -/query pops sql, so :sql defaults to ''; a stored query keeps the argument.
        {"sql=select+:sql", {"sql"}, true, "sql="},
        {"sql=given", {"sql"}, false, "sql=given"},
        // A blank value is a value; an empty "&&" segment is nothing.
        {"n=&&m", {"n"}, true, "n= | m="},
        {"", {"n"}, true, "n="},
    };
    for (const auto& c : cases) {
        CAPTURE(c.query);
        CHECK(dict_text(parameter_dict(QueryArgs::parse(c.query), c.defaults, c.drop_sql)) == c.dict);
    }
}

TEST_CASE("extra_query_params: what ?_extra=query reports") {
    ParamDict dict = {{"_extra", "query"}, {"n", "1"}, {"_x", "2"}, {"m", ""}};
    CHECK(dict_text(extra_query_params(dict, "select :m, :n, :_x")) == "n=1 | _x=2 | m=");
    CHECK(dict_text(extra_query_params(dict, "select 1")).empty());
    // Without SQL the dictionary is reported whole.
    CHECK(dict_text(extra_query_params(dict, "")) == "_extra=query | n=1 | _x=2 | m=");
}

TEST_CASE("binding_keys: the names Python's sqlite3 looks parameters up by") {
    liteserve::db::Connection conn(liteserve::testing::fixtures_db(), liteserve::db::OpenMode::ReadOnly);
    auto keys = [&](const char* sql) {
        auto stmt = liteserve::db::prepare_trusted(conn, sql);
        return joined(binding_keys(stmt.get()));
    };
    CHECK(keys("select 1") == "");
    CHECK(keys("select :a, $b, @c") == "a,b,c");
    CHECK(keys("select ?1, ?2") == "1,2");
    CHECK(keys("select :a, :a") == "a");  // one parameter, used twice
    CHECK_THROWS_WITH(keys("select ?"), "Binding 1 has no name, but you supplied a dictionary (which has only names).");
    CHECK_THROWS_WITH(keys("select :a, ?"),
                      "Binding 2 has no name, but you supplied a dictionary (which has only names).");
    // "?3" leaves parameters 1 and 2 without names; so does "?7" after three named ones.
    CHECK_THROWS_WITH(keys("select :a, $b, @c, ?7"),
                      "Binding 4 has no name, but you supplied a dictionary (which has only names).");
    CHECK_THROWS_WITH(keys("select ?3"), "Binding 1 has no name, but you supplied a dictionary (which has only names).");
}
