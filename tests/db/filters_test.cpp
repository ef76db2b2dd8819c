// Tables of (filter arguments → WHERE clauses, parameters) for src/db/filters.cpp, checked
// against Datasette's filters.py, plus one table run against a real in-memory database.
#include "db/filters.h"

#include <doctest/doctest.h>

#include <charconv>
#include <string>
#include <type_traits>
#include <vector>

#include "db/connection.h"
#include "liteserve/error.h"

using liteserve::HttpError;
using namespace liteserve::db;

namespace {

using Args = std::vector<std::pair<std::string, std::string>>;

Table make_table(std::string name, std::vector<std::string> columns) {
    Table t;
    t.name = std::move(name);
    for (auto& c : columns) {
        Column col;
        col.name = std::move(c);
        t.columns.push_back(std::move(col));
    }
    return t;
}

// A rowid table shaped like Datasette's facetable, plus awkward names.
Table facetable() {
    return make_table("facetable",
                      {"pk", "state", "n", "tags", "created", "a__b", "we\"ird", "select", "{p}"});
}

// "p0=12, p1='x'": integers bare, text quoted, doubles marked, so 12 and '12' differ.
std::string describe(const Value& value) {
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

std::string describe(const Params& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        out += (out.empty() ? "" : ", ") + name + "=" + describe(value);
    }
    return out;
}

// Clauses as one string so a failing CHECK prints them.
std::string join(const std::vector<std::string>& clauses) {
    std::string out;
    for (const auto& c : clauses) out += (out.empty() ? "" : " | ") + c;
    return out;
}

std::string error_of(const Table& table, const Args& args) {
    try {
        build_filters(table, args);
    } catch (const HttpError& e) {
        return std::to_string(e.status()) + " " + e.what();
    }
    return "no error";
}

struct FilterCase {
    Args args;
    std::vector<std::string> clauses;
    std::string params;  // describe() of the expected parameters
    int first_param = 0;
};

void check_cases(const Table& table, const std::vector<FilterCase>& cases) {
    for (const auto& c : cases) {
        CAPTURE(c.args.front().first);
        CAPTURE(c.args.front().second);
        auto where = build_filters(table, c.args, c.first_param);
        CHECK(join(where.clauses) == join(c.clauses));
        CHECK(describe(where.params) == c.params);
    }
}

}  // namespace

TEST_CASE("filter_operators lists Datasette's 22 operators in order") {
    std::vector<std::string_view> expected = {
        "exact", "not", "contains", "endswith", "startswith", "gt", "gte", "lt",
        "lte", "like", "notlike", "glob", "in", "notin", "arraycontains", "arraynotcontains",
        "date", "isnull", "notnull", "isblank", "notblank", "notcontains"};
    CHECK(filter_operators().size() == 22);
    CHECK(filter_operators() == expected);
}

TEST_CASE("each operator: clause template, value format and parameters") {
    const std::vector<FilterCase> cases = {
        {{{"state__exact", "CA"}}, {R"("state" = :p0)"}, "p0='CA'"},
        {{{"state__not", "CA"}}, {R"("state" != :p0)"}, "p0='CA'"},
        {{{"state__contains", "A"}}, {R"("state" like :p0)"}, "p0='%A%'"},
        {{{"state__endswith", "A"}}, {R"("state" like :p0)"}, "p0='%A'"},
        {{{"state__startswith", "A"}}, {R"("state" like :p0)"}, "p0='A%'"},
        {{{"pk__gt", "12"}}, {R"("pk" > :p0)"}, "p0=12"},
        {{{"pk__gte", "12"}}, {R"("pk" >= :p0)"}, "p0=12"},
        {{{"pk__lt", "12"}}, {R"("pk" < :p0)"}, "p0=12"},
        {{{"pk__lte", "12"}}, {R"("pk" <= :p0)"}, "p0=12"},
        {{{"state__like", "C_"}}, {R"("state" like :p0)"}, "p0='C_'"},
        {{{"state__notlike", "C_"}}, {R"("state" not like :p0)"}, "p0='C_'"},
        {{{"state__glob", "C*"}}, {R"("state" glob :p0)"}, "p0='C*'"},
        {{{"pk__in", "1,2"}}, {"pk in (:p0, :p1)"}, "p0='1', p1='2'"},
        {{{"pk__notin", "1,2"}}, {"pk not in (:p0, :p1)"}, "p0='1', p1='2'"},
        {{{"tags__arraycontains", "t1"}},
         {":p0 in (select value from json_each([facetable].[tags]))"}, "p0='t1'"},
        {{{"tags__arraynotcontains", "t1"}},
         {":p0 not in (select value from json_each([facetable].[tags]))"}, "p0='t1'"},
        {{{"created__date", "2019-01-15"}}, {R"(date("created") = :p0)"}, "p0='2019-01-15'"},
        {{{"n__isnull", "1"}}, {R"("n" is null)"}, ""},
        {{{"n__notnull", "1"}}, {R"("n" is not null)"}, ""},
        {{{"n__isblank", "1"}}, {R"(("n" is null or "n" = ""))"}, ""},
        {{{"n__notblank", "1"}}, {R"(("n" is not null and "n" != ""))"}, ""},
        {{{"state__notcontains", "A"}}, {R"("state" not like :p0)"}, "p0='%A%'"},
    };
    // One row per operator, in filter_operators() order.
    REQUIRE(cases.size() == filter_operators().size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& key = cases[i].args.front().first;
        CHECK(key.substr(key.rfind("__") + 2) == filter_operators()[i]);
    }
    check_cases(facetable(), cases);
}

TEST_CASE("arguments apply sorted by key then value; numbering skips operators without a value") {
    check_cases(facetable(), {
        {{{"state", "CA"}, {"pk__gt", "1"}, {"n__isnull", "1"}, {"created__date", "2019"}},
         {R"(date("created") = :p0)", R"("n" is null)", R"("pk" > :p1)", R"("state" = :p2)"},
         "p0='2019', p1=1, p2='CA'"},
        // Datasette sorts (key, value) tuples, so repeated keys are ordered by value.
        {{{"state", "MI"}, {"state", "CA"}},
         {R"("state" = :p0)", R"("state" = :p1)"}, "p0='CA', p1='MI'"},
        {{{"state", "CA"}, {"state", "MI"}},
         {R"("state" = :p0)", R"("state" = :p1)"}, "p0='CA', p1='MI'"},
        {{{"state__in", "CA,MI"}, {"pk", "1"}},
         {R"("pk" = :p0)", "state in (:p1, :p2)"}, "p0='1', p1='CA', p2='MI'"},
    });
}

TEST_CASE("first_param offsets the parameter names") {
    check_cases(facetable(), {
        {{{"state", "CA"}}, {R"("state" = :p3)"}, "p3='CA'", 3},
        {{{"pk__in", "1,2"}, {"state", "CA"}}, {"pk in (:p5, :p6)", R"("state" = :p7)"},
         "p5='1', p6='2', p7='CA'", 5},
        {{{"n__isnull", "1"}, {"state", "CA"}}, {R"("n" is null)", R"("state" = :p1)"},
         "p1='CA'", 1},
    });
}

TEST_CASE("the key splits on its last __; an unknown operator is ignored, as in Datasette") {
    check_cases(facetable(), {
        {{{"a__b__gt", "5"}}, {R"("a__b" > :p0)"}, "p0=5"},
        {{{"a__b__exact", "x"}}, {R"("a__b" = :p0)"}, "p0='x'"},
        {{{"a__b__in", "x"}}, {"a__b in (:p0)"}, "p0='x'"},
        // Column "a", operator "b": no such operator, so no condition at all.
        {{{"a__b", "x"}}, {}, ""},
        {{{"pk__nope", "1"}, {"state", "CA"}}, {R"("state" = :p0)"}, "p0='CA'"},
        {{{"pk__", "1"}}, {}, ""},
        {{{"nope__EXACT", "1"}}, {}, ""},
    });
}

TEST_CASE("unknown columns are rejected with SQLite's wording") {
    Table t = facetable();
    CHECK(error_of(t, {{"nope__gt", "1"}}) == "400 no such column: nope");
    CHECK(error_of(t, {{"nope", "1"}}) == "400 no such column: nope");
    CHECK(error_of(t, {{"state", "CA"}, {"zzz", "1"}}) == "400 no such column: zzz");
    CHECK(error_of(t, {{"\"state\"", "CA"}}) == "400 no such column: \"state\"");

    Table view = facetable();
    view.is_view = true;
    CHECK(error_of(view, {{"rowid__gt", "1"}}) == "400 no such column: rowid");
    Table without_rowid = facetable();
    without_rowid.without_rowid = true;
    without_rowid.primary_keys = {"pk"};
    CHECK(error_of(without_rowid, {{"rowid", "1"}}) == "400 no such column: rowid");
}

TEST_CASE("rowid and case-insensitive names are accepted as SQLite accepts them") {
    Table with_pk = facetable();
    with_pk.primary_keys = {"pk"};  // rowid still exists unless WITHOUT ROWID
    check_cases(facetable(), {
        {{{"rowid__gt", "199"}}, {R"("rowid" > :p0)"}, "p0=199"},
        {{{"_rowid_", "1"}}, {R"("_rowid_" = :p0)"}, "p0='1'"},
        {{{"STATE", "CA"}}, {R"("STATE" = :p0)"}, "p0='CA'"},
    });
    check_cases(with_pk, {{{{"rowid", "1"}}, {R"("rowid" = :p0)"}, "p0='1'"}});
}

TEST_CASE("in and notin: JSON lists and comma lists") {
    check_cases(facetable(), {
        {{{"pk__in", "1, 2 ,\t3"}}, {"pk in (:p0, :p1, :p2)"}, "p0='1', p1='2', p2='3'"},
        {{{"pk__in", "1,,2"}}, {"pk in (:p0, :p1, :p2)"}, "p0='1', p1='', p2='2'"},
        {{{"pk__in", ""}}, {"pk in (:p0)"}, "p0=''"},
        {{{"pk__in", R"([1, "two", 3.5, true, null, " x "])"}},
         {"pk in (:p0, :p1, :p2, :p3, :p4, :p5)"},
         "p0=1, p1='two', p2=double:3.5, p3=1, p4=NULL, p5=' x '"},
        {{{"pk__in", "[]"}}, {"pk in ()"}, ""},
        {{{"state__notin", R"(["CA", "a,b"])"}}, {"state not in (:p0, :p1)"}, "p0='CA', p1='a,b'"},
        {{{"pk__in", R"({"a": 1})"}}, {"pk in (:p0)"}, R"(p0='{"a": 1}')"},
    });
    Table t = facetable();
    CHECK(error_of(t, {{"pk__in", "[1,"}}) ==
          "400 pk__in: invalid JSON list at offset 3: Invalid value.");
    CHECK(error_of(t, {{"pk__in", "[1] 2"}}) ==
          "400 pk__in: invalid JSON list at offset 4: The document root must not be followed by "
          "other values.");
    CHECK(error_of(t, {{"pk__notin", "[1, [2]]"}}) ==
          "400 pk__notin: list items must be strings, numbers, booleans or null");
    CHECK(error_of(t, {{"pk__in", R"([{"a": 1}])"}}) ==
          "400 pk__in: list items must be strings, numbers, booleans or null");
}

TEST_CASE("numeric operators bind all-digit values as integers and anything else as text") {
    check_cases(facetable(), {
        {{{"pk__gt", "12"}}, {R"("pk" > :p0)"}, "p0=12"},
        {{{"pk__gt", "007"}}, {R"("pk" > :p0)"}, "p0=7"},
        {{{"pk__gt", "-1"}}, {R"("pk" > :p0)"}, "p0='-1'"},
        {{{"pk__gt", "1.5"}}, {R"("pk" > :p0)"}, "p0='1.5'"},
        {{{"pk__gt", "+1"}}, {R"("pk" > :p0)"}, "p0='+1'"},
        {{{"pk__gt", " 1"}}, {R"("pk" > :p0)"}, "p0=' 1'"},
        {{{"pk__gt", ""}}, {R"("pk" > :p0)"}, "p0=''"},
        {{{"pk__lt", "99999999999999999999"}}, {R"("pk" < :p0)"}, "p0=double:1e+20"},
        // Only gt/gte/lt/lte convert: exact and in bind the text as given.
        {{{"pk", "12"}}, {R"("pk" = :p0)"}, "p0='12'"},
        {{{"pk__in", "12"}}, {"pk in (:p0)"}, "p0='12'"},
    });
}

TEST_CASE("names are quoted by quote_identifier and values never enter the SQL") {
    Table spaced = make_table("my table", {"tags", "we\"ird"});
    check_cases(facetable(), {
        {{{"we\"ird", "x"}}, {R"("we""ird" = :p0)"}, "p0='x'"},
        {{{"we\"ird__isblank", ""}}, {R"(("we""ird" is null or "we""ird" = ""))"}, ""},
        {{{"we\"ird__in", "x"}}, {R"([we"ird] in (:p0))"}, "p0='x'"},
        {{{"select__in", "x"}}, {"[select] in (:p0)"}, "p0='x'"},
        {{{"select", "x"}}, {R"("select" = :p0)"}, "p0='x'"},
        {{{"{p}", "x"}}, {R"("{p}" = :p0)"}, "p0='x'"},
        {{{"state", "O'Brien\" or 1=1 --"}}, {R"("state" = :p0)"}, R"(p0='O'Brien" or 1=1 --')"},
    });
    check_cases(spaced, {
        {{{"tags__arraycontains", "x"}},
         {":p0 in (select value from json_each([my table].[tags]))"}, "p0='x'"},
        {{{"we\"ird__arraynotcontains", "x"}},
         {R"(:p0 not in (select value from json_each([my table].[we"ird])))"}, "p0='x'"},
    });
}

TEST_CASE("every operator's SQL runs on a real table and selects the expected rows") {
    Connection conn("", OpenMode::Memory);
    const char* setup = R"sql(
        create table [face table] (pk integer primary key, state text, n text, tags text,
                                   created text, "a__b", "we""ird" text);
        insert into [face table] values
            (1, 'CA', 'n1', '["tag1", "tag2"]', '2019-01-14 08:00:00', 1, 'x'),
            (2, 'CA', '', '["tag1"]', '2019-01-15 08:00:00', 2, null),
            (3, 'MI', null, '[]', '2019-01-15 09:00:00', 3, 'y'),
            (4, 'MC', null, '["tag2"]', '2020-01-01 00:00:00', 10, 'x');
    )sql";
    REQUIRE(sqlite3_exec(conn.handle(), setup, nullptr, nullptr, nullptr) == SQLITE_OK);
    Table table = make_table("face table", {"pk", "state", "n", "tags", "created", "a__b", "we\"ird"});
    table.primary_keys = {"pk"};

    struct Row {
        Args args;
        std::int64_t count;
    };
    const std::vector<Row> rows = {
        {{{"state", "CA"}}, 2},
        {{{"state__not", "CA"}}, 2},
        {{{"state__contains", "C"}}, 3},
        {{{"state__endswith", "I"}}, 1},
        {{{"state__startswith", "M"}}, 2},
        {{{"a__b__gt", "2"}}, 2},  // "a__b" has no affinity: only an integer param compares numerically
        {{{"a__b__gte", "3"}}, 2},
        {{{"a__b__lt", "10"}}, 3},
        {{{"a__b__lte", "10"}}, 4},
        {{{"state__like", "C_"}}, 2},
        {{{"state__notlike", "C_"}}, 2},
        {{{"state__glob", "M*"}}, 2},
        {{{"pk__in", "1, 3"}}, 2},
        {{{"pk__notin", "[1, 3]"}}, 2},
        {{{"tags__arraycontains", "tag1"}}, 2},
        {{{"tags__arraynotcontains", "tag1"}}, 2},
        {{{"created__date", "2019-01-15"}}, 2},
        {{{"n__isnull", "1"}}, 2},
        {{{"n__notnull", "1"}}, 2},
        {{{"n__isblank", "1"}}, 3},
        {{{"n__notblank", "1"}}, 1},
        {{{"state__notcontains", "C"}}, 1},
        {{{"we\"ird", "x"}}, 2},
        {{{"rowid__gt", "3"}}, 1},
        {{{"state", "CA"}, {"pk__gt", "1"}}, 1},
    };
    for (const auto& row : rows) {
        CAPTURE(row.args.front().first);
        auto where = build_filters(table, row.args);
        std::string sql = "select count(*) from [face table] where ";
        for (std::size_t i = 0; i < where.clauses.size(); ++i) {
            sql += (i ? " and " : "") + where.clauses[i];
        }
        CAPTURE(sql);
        auto stmt = conn.prepare(sql);
        bind_params(stmt.get(), where.params);
        REQUIRE(sqlite3_step(stmt.get()) == SQLITE_ROW);
        CHECK(sqlite3_column_int64(stmt.get(), 0) == row.count);
    }
}
