// Tables of (SelectSpec → page SQL, parameters, count SQL) for src/db/select_builder.cpp,
// written out from Datasette's table_view_data and compound_keys_after_sql; every SQL text
// is then prepared against the fixtures database to show it is valid SQLite.
#include "db/select_builder.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "db/connection.h"
#include "support/describe.h"
#include "support/fixture_db.h"

using namespace liteserve::db;
using liteserve::testing::describe;

namespace {

using namespace std::string_literals;

struct BuildCase {
    std::string name;
    SelectSpec spec;
    std::string sql;
    std::string params;  // describe() of the expected parameters
    std::string count_sql;
};

// Datasette's compound_keys_after_sql for (pk1, pk2) and (pk1, pk2, pk3) from :p<first>.
const std::string kAfterTwoKeys = "((pk1 > :p0)\n  or\n(pk1 = :p0 and pk2 > :p1))";
const std::string kAfterThreeKeys =
    "((pk1 > :p0)\n  or\n(pk1 = :p0 and pk2 > :p1)\n  or\n(pk1 = :p0 and pk2 = :p1 and pk3 > :p2))";

// Spec builders: each takes a spec by value and returns it with one more field set.
SelectSpec table_spec(std::string table, std::vector<std::string> columns, std::vector<std::string> pks) {
    SelectSpec s;
    s.table = std::move(table);
    s.columns = std::move(columns);
    s.primary_keys = std::move(pks);
    return s;
}
SelectSpec rowid_spec(std::string table, std::vector<std::string> columns) {
    SelectSpec s = table_spec(std::move(table), std::move(columns), {});
    s.use_rowid = true;
    return s;
}
SelectSpec view_spec(std::string view, std::vector<std::string> columns) {
    SelectSpec s = table_spec(std::move(view), std::move(columns), {});
    s.is_view = true;
    return s;
}
SelectSpec sorted(SelectSpec s, std::string column, bool descending) {
    s.sort = Sort{std::move(column), descending};
    return s;
}
SelectSpec after(SelectSpec s, std::optional<Value> sort_value, std::vector<Value> keys) {
    s.after = PageAfter{std::move(sort_value), std::move(keys)};
    return s;
}
SelectSpec filtered(SelectSpec s, std::vector<std::string> where, Params params) {
    s.where = std::move(where);
    s.params = std::move(params);
    return s;
}
SelectSpec paged(SelectSpec s, std::int64_t limit, std::int64_t offset) {
    s.limit = limit;
    s.offset = offset;
    return s;
}

SelectSpec every_row(SelectSpec s) {
    s.every_row = true;
    return s;
}

SelectSpec facetable() { return table_spec("facetable", {"pk", "state"}, {"pk"}); }
SelectSpec sortable() { return table_spec("sortable", {"pk1", "pk2", "content"}, {"pk1", "pk2"}); }
SelectSpec three_keys(std::vector<std::string> columns) {
    return table_spec("compound_three_primary_keys", std::move(columns), {"pk1", "pk2", "pk3"});
}

std::vector<BuildCase> build_cases() {
    return {
        {"plain table page", facetable(),
         "select pk, state from facetable order by pk limit 101", "", "select count(*) from facetable "},
        {"rowid table", paged(rowid_spec("no_primary_key", {"content", "a"}), 3, 0),
         "select rowid, content, a from no_primary_key order by rowid limit 3", "",
         "select count(*) from no_primary_key "},
        {"rowid table after a page", after(rowid_spec("no_primary_key", {"content"}), std::nullopt, {"5"s}),
         "select rowid, content from no_primary_key where rowid > :p0 order by rowid limit 101", "p0='5'",
         "select count(*) from no_primary_key "},
        // Views have no key: no ORDER BY (hence Datasette's double space) and _next is an offset.
        {"view first page", view_spec("paginated_view", {"content", "content_extra"}),
         "select content, content_extra from paginated_view  limit 101", "", "select count(*) from paginated_view "},
        {"view with offset", paged(view_spec("paginated_view", {"content"}), 6, 200),
         "select content from paginated_view  limit 6 offset 200", "", "select count(*) from paginated_view "},
        {"view ignores a keyset position",
         paged(after(view_spec("paginated_view", {"content"}), std::nullopt, {"x"s}), 101, 5),
         "select content from paginated_view  limit 101 offset 5", "", "select count(*) from paginated_view "},
        {"offset is only for views", paged(facetable(), 101, 5),
         "select pk, state from facetable order by pk limit 101", "", "select count(*) from facetable "},
        {"sort ascending", sorted(facetable(), "state", false),
         "select pk, state from facetable order by state limit 101", "", "select count(*) from facetable "},
        {"sort descending", sorted(facetable(), "state", true),
         "select pk, state from facetable order by state desc limit 101", "", "select count(*) from facetable "},
        {"sort on a view", sorted(view_spec("simple_view", {"content"}), "content", true),
         "select content from simple_view order by content desc limit 101", "", "select count(*) from simple_view "},
        {"keyset after an integer pk", after(facetable(), std::nullopt, {"12"s}),
         "select pk, state from facetable where ((pk > :p0)) order by pk limit 101", "p0='12'",
         "select count(*) from facetable "},
        {"keyset after compound keys", after(three_keys({"pk1", "pk2", "pk3", "content"}), std::nullopt, {"a"s, "a"s, "c"s}),
         "select pk1, pk2, pk3, content from compound_three_primary_keys where " + kAfterThreeKeys +
             " order by pk1, pk2, pk3 limit 101",
         "p0='a', p1='a', p2='c'", "select count(*) from compound_three_primary_keys "},
        // A token with the wrong number of key values adds no clause, as in Datasette.
        {"keyset with too few key values", after(three_keys({"content"}), std::nullopt, {"a"s, "a"s}),
         "select content from compound_three_primary_keys order by pk1, pk2, pk3 limit 101", "",
         "select count(*) from compound_three_primary_keys "},
        {"sort ascending after a value", after(sorted(sortable(), "sortable", false), "51"s, {"a"s, "b"s}),
         "select pk1, pk2, content from sortable where (sortable > :p2 or (sortable = :p2 and " + kAfterTwoKeys +
             ")) order by sortable, pk1, pk2 limit 101",
         "p0='a', p1='b', p2='51'", "select count(*) from sortable "},
        {"sort ascending after $null",
         after(sorted(sortable(), "sortable_with_nulls", false), std::nullopt, {"a"s, "b"s}),
         "select pk1, pk2, content from sortable where (sortable_with_nulls is not null or "
         "(sortable_with_nulls is null and " + kAfterTwoKeys + ")) order by sortable_with_nulls, pk1, pk2 limit 101",
         "p0='a', p1='b'", "select count(*) from sortable "},
        {"sort descending after $null",
         after(sorted(sortable(), "sortable_with_nulls", true), std::nullopt, {"a"s, "b"s}),
         "select pk1, pk2, content from sortable where (sortable_with_nulls is null and " + kAfterTwoKeys +
             ") order by sortable_with_nulls desc, pk1, pk2 limit 101",
         "p0='a', p1='b'", "select count(*) from sortable "},
        // Descending, NULLs sort last, so every NULL row is still ahead.
        {"sort descending after a value",
         after(sorted(sortable(), "sortable_with_nulls", true), "0.5"s, {"a"s, "b"s}),
         "select pk1, pk2, content from sortable where (sortable_with_nulls < :p2 or sortable_with_nulls is null or "
         "(sortable_with_nulls = :p2 and " + kAfterTwoKeys + ")) order by sortable_with_nulls desc, pk1, pk2 limit 101",
         "p0='a', p1='b', p2='0.5'", "select count(*) from sortable "},
        {"sort on a rowid table after a value",
         after(sorted(rowid_spec("no_primary_key", {"content"}), "a", false), "a5"s, {"5"s}),
         "select rowid, content from no_primary_key where (a > :p1 or (a = :p1 and rowid > :p0)) "
         "order by a, rowid limit 101",
         "p0='5', p1='a5'", "select count(*) from no_primary_key "},
        // Filter parameters come first (p0…); keyset values continue the numbering, and the
        // count query keeps the filters but not the keyset.
        {"filters then keyset",
         after(filtered(facetable(), {R"("state" = :p0)"}, {{"p0", "CA"s}}), std::nullopt, {"3"s}),
         R"(select pk, state from facetable where "state" = :p0 and ((pk > :p1)) order by pk limit 101)",
         "p0='CA', p1='3'", R"(select count(*) from facetable where "state" = :p0 )"},
        {"filters, sort and keyset",
         after(sorted(filtered(facetable(), {R"("state" = :p0)", R"("pk" > :p1)"},
                               {{"p0", "CA"s}, {"p1", std::int64_t{1}}}),
                      "created", true),
               "2019-01-15 08:00:00"s, {"5"s}),
         R"(select pk, state from facetable where "state" = :p0 and "pk" > :p1 and )"
         R"((created < :p3 or created is null or (created = :p3 and ((pk > :p2)))) )"
         "order by created desc, pk limit 101",
         "p0='CA', p1=1, p2='5', p3='2019-01-15 08:00:00'",
         R"(select count(*) from facetable where "state" = :p0 and "pk" > :p1 )"},
        // Streams: no LIMIT, and a sort has its ties broken by the keys (the order of paging).
        {"stream of a table", every_row(facetable()), "select pk, state from facetable order by pk", "",
         "select count(*) from facetable "},
        {"stream sorted", every_row(sorted(facetable(), "state", true)),
         "select pk, state from facetable order by state desc, pk", "", "select count(*) from facetable "},
        {"stream of a rowid table sorted", every_row(sorted(rowid_spec("no_primary_key", {"a"}), "a", false)),
         "select rowid, a from no_primary_key order by a, rowid", "", "select count(*) from no_primary_key "},
        {"stream of a view", every_row(sorted(view_spec("simple_view", {"content"}), "content", false)),
         "select content from simple_view order by content", "", "select count(*) from simple_view "},
        {"stream with filters", every_row(filtered(sortable(), {R"("pk1" = :p0)"}, {{"p0", "a"s}})),
         R"(select pk1, pk2, content from sortable where "pk1" = :p0 order by pk1, pk2)", "p0='a'",
         R"(select count(*) from sortable where "pk1" = :p0 )"},
        {"odd names are quoted", sorted(rowid_spec("select", {"group", "and", "json"}), "having", true),
         "select rowid, [group], [and], json from [select] order by [having] desc limit 101", "",
         "select count(*) from [select] "},
        {"odd table name with keyset",
         after(table_spec("table/with/slashes.csv", {"pk", "content"}, {"pk"}), std::nullopt, {"3"s}),
         "select pk, content from [table/with/slashes.csv] where ((pk > :p0)) order by pk limit 101", "p0='3'",
         "select count(*) from [table/with/slashes.csv] "},
    };
}

}  // namespace

TEST_CASE("build_select: page SQL, parameters and count SQL") {
    for (const auto& c : build_cases()) {
        CAPTURE(c.name);
        SelectSql out = build_select(c.spec);
        CHECK(out.sql == c.sql);
        CHECK(describe(out.params) == c.params);
        CHECK(out.count_sql == c.count_sql);
        CHECK("select count(*) " + out.from_sql == out.count_sql);
        // page_where is the page's WHERE, keyset included, which facets run over.
        CHECK(out.sql.find(" " + out.page_where) != std::string::npos);
        CHECK((out.page_where.empty() || out.page_where.rfind("where ", 0) == 0));
    }
}

TEST_CASE("build_select: every generated statement is valid SQL on the fixtures database") {
    Connection conn(liteserve::testing::fixtures_db(), OpenMode::ReadOnly);
    for (const auto& c : build_cases()) {
        CAPTURE(c.name);
        SelectSql out = build_select(c.spec);
        CHECK_NOTHROW(conn.prepare(out.sql));
        CHECK_NOTHROW(conn.prepare(out.count_sql));
    }
}

TEST_CASE("compound_keys_after: one alternative per key prefix") {
    struct Case {
        std::vector<std::string> keys;
        std::size_t first_param;
        std::string sql;
    };
    const std::vector<Case> cases = {
        {{"id"}, 0, "((id > :p0))"},
        {{"pk1", "pk2"}, 0, kAfterTwoKeys},
        {{"pk1", "pk2", "pk3"}, 0, kAfterThreeKeys},
        {{"pk1", "pk2"}, 3, "((pk1 > :p3)\n  or\n(pk1 = :p3 and pk2 > :p4))"},
        {{"select", "a b"}, 1, "(([select] > :p1)\n  or\n([select] = :p1 and [a b] > :p2))"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sql);
        CHECK(compound_keys_after(c.keys, c.first_param) == c.sql);
    }
}
