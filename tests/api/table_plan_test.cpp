// Tables for src/api/table_plan.cpp: _size rules, _next token splitting, and plan_table on
// the fixtures schema — the plan it builds and each rejected argument with its message.
#include "api/table_plan.h"
#include "api/tilde.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "db/connection.h"
#include "liteserve/error.h"
#include "support/describe.h"
#include "support/fixture_db.h"

using namespace liteserve;
using namespace liteserve::api;
using liteserve::testing::describe;

namespace {

using liteserve::testing::fixtures_schema;

const db::Table& table(const std::string& name) { return liteserve::testing::fixtures_table(name); }

// A plan built with default settings (or the given ones) and no configuration file.
struct Planner {
    config::Settings settings;
    config::Config config;

    TablePlan plan(const std::string& table_name, const std::string& query) const {
        Context ctx{settings, config, {}, false, {}, false};
        return plan_table(ctx, "fixtures", fixtures_schema(), table(table_name), QueryArgs::parse(query));
    }
    // "400 message", or "no error".
    std::string error(const std::string& table_name, const std::string& query) const {
        try {
            plan(table_name, query);
        } catch (const HttpError& e) {
            return std::to_string(e.status()) + " " + e.what();
        }
        return "no error";
    }
};

std::string page_size_error(const std::optional<std::string>& value, std::int64_t max_rows = 1000) {
    try {
        return "ok " + std::to_string(parse_page_size(value, 100, max_rows));
    } catch (const HttpError& e) {
        return std::to_string(e.status()) + " " + e.what();
    }
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " | ") + p;
    return out;
}

}  // namespace

TEST_CASE("parse_page_size: Datasette's _size rules") {
    struct Case {
        std::optional<std::string> value;
        std::int64_t max_rows;
        std::string result;
    };
    const std::vector<Case> cases = {
        {std::nullopt, 1000, "ok 100"},
        {"", 1000, "ok 100"},
        {std::nullopt, 10, "ok 10"},  // the default never exceeds max_returned_rows
        {"max", 1000, "ok 1000"},
        {"max", 10, "ok 10"},
        {"0", 1000, "ok 0"},
        {"1", 1000, "ok 1"},
        {"1000", 1000, "ok 1000"},
        {"007", 1000, "ok 7"},
        {"+2", 1000, "ok 2"},  // Python's int() spellings, as Datasette parses _size
        {" 3 ", 1000, "ok 3"},
        {"1_0", 1000, "ok 10"},
        {"99999999999999999999", 1000, "400 _size must be <= 1000"},
        {"-1", 1000, "400 _size must be a positive integer"},
        {"1.5", 1000, "400 _size must be a positive integer"},
        {"abc", 1000, "400 _size must be a positive integer"},
        {"5x", 1000, "400 _size must be a positive integer"},
        {"MAX", 1000, "400 _size must be a positive integer"},
        {"1001", 1000, "400 _size must be <= 1000"},
        {"11", 10, "400 _size must be <= 10"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.value.value_or("(absent)"));
        CHECK(page_size_error(c.value, c.max_rows) == c.result);
    }
}

TEST_CASE("urlsafe_components: comma-separated, each part tilde-decoded") {
    struct Case {
        std::string token;
        std::string parts;  // joined with " | "
    };
    const std::vector<Case> cases = {
        {"1", "1"},
        {"a,b,c", "a | b | c"},
        {"a~2Fb,~2Ec-d", "a/b | .c-d"},
        {"$null,a,b", "$null | a | b"},
        {"~24null,a", "$null | a"},
        {"hello+world", "hello world"},
        {"~2C,x", ", | x"},  // an encoded comma stays inside its part
        {"a,,b", "a |  | b"},
        {"", ""},
        {"0~2E5,e,r", "0.5 | e | r"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.token);
        CHECK(join(urlsafe_components(c.token)) == c.parts);
    }
    CHECK(urlsafe_components("a,,b").size() == 3);
    CHECK(urlsafe_components(",").size() == 2);
}

TEST_CASE("plan_table: defaults for a table with a primary key") {
    TablePlan plan = Planner{}.plan("facetable", "");
    CHECK(plan.table == &table("facetable"));
    CHECK(join(plan.columns) == "pk | created | planet_int | on_earth | state | _city_id | _neighborhood | tags | "
                                "complex_array | distinct_some_null | n");
    CHECK(plan.key_columns == std::vector<std::string>{"pk"});
    CHECK(plan.page_size == 100);
    CHECK(plan.spec.limit == 101);
    CHECK(plan.shape == Shape::Objects);
    CHECK_FALSE(plan.spec.sort.has_value());
    CHECK_FALSE(plan.spec.after.has_value());
    CHECK_FALSE(plan.next_token.has_value());
    CHECK(plan.spec.where.empty());
    CHECK_FALSE(plan.spec.use_rowid);
    CHECK(plan.spec.primary_keys == std::vector<std::string>{"pk"});
    CHECK(db::build_select(plan.spec).sql ==
          "select pk, created, planet_int, on_earth, state, _city_id, _neighborhood, tags, complex_array, "
          "distinct_some_null, n from facetable order by pk limit 101");
}

TEST_CASE("plan_table: rowid tables and views") {
    TablePlan rowid = Planner{}.plan("no_primary_key", "");
    CHECK(rowid.spec.use_rowid);
    CHECK(join(rowid.columns) == "rowid | content | a | b | c");
    CHECK(rowid.key_columns == std::vector<std::string>{"rowid"});

    TablePlan view = Planner{}.plan("paginated_view", "_next=200&_size=5");
    CHECK(view.spec.is_view);
    CHECK_FALSE(view.spec.use_rowid);
    CHECK(view.spec.offset == 200);
    CHECK_FALSE(view.spec.after.has_value());
    CHECK(view.page_size == 5);
    CHECK(view.next_token == "200");
    CHECK(db::build_select(view.spec).sql == "select content, content_extra from paginated_view  limit 6 offset 200");
}

TEST_CASE("plan_table: filters, sort, columns, _next and formats") {
    Planner p;
    TablePlan filtered = p.plan("facetable", "state=CA&pk__gt=12&_sort_desc=pk");
    CHECK(join(filtered.spec.where) == R"("pk" > :p0 | "state" = :p1)");
    // An unknown operator is no condition at all, as in Datasette (not an unknown column).
    CHECK(join(p.plan("facetable", "state__nope=1&pk__gt=12").spec.where) == R"("pk" > :p0)");
    CHECK(describe(filtered.spec.params) == "p0=12, p1='CA'");
    REQUIRE(filtered.spec.sort.has_value());
    CHECK(filtered.spec.sort->column == "pk");
    CHECK(filtered.spec.sort->descending);

    // _col keeps the primary key first; an unshown sort column is fetched after the others.
    // _col keeps the order asked for; _nocol then takes from what _col chose.
    CHECK(join(p.plan("facetable", "_col=state&_col=created&_col=state").columns) == "pk | state | created");
    CHECK(join(p.plan("facetable", "_col=state&_col=created&_nocol=created").columns) == "pk | state");
    TablePlan cols = p.plan("facetable", "_col=state&_sort=created");
    CHECK(join(cols.columns) == "pk | state");
    CHECK(join(cols.spec.columns) == "pk | state | created");
    TablePlan nocol = p.plan("facetable", "_nocol=tags&_nocol=n");
    CHECK(join(nocol.columns) == "pk | created | planet_int | on_earth | state | _city_id | _neighborhood | "
                                 "complex_array | distinct_some_null");

    TablePlan keyset = p.plan("compound_three_primary_keys", "_next=a,a~2Fb,c");
    REQUIRE(keyset.spec.after.has_value());
    CHECK_FALSE(keyset.spec.after->sort_value.has_value());
    CHECK(describe(db::Params{{"k0", keyset.spec.after->key_values.at(0)},
                              {"k1", keyset.spec.after->key_values.at(1)},
                              {"k2", keyset.spec.after->key_values.at(2)}}) == "k0='a', k1='a/b', k2='c'");

    TablePlan sorted = p.plan("sortable", "_sort=sortable&_next=51,a,b");
    REQUIRE(sorted.spec.after.has_value());
    REQUIRE(sorted.spec.after->sort_value.has_value());
    CHECK(describe(*sorted.spec.after->sort_value) == "'51'");
    CHECK(sorted.spec.after->key_values.size() == 2);

    // Only the literal, unencoded "$null" means NULL: "~24null" is the text "$null".
    TablePlan null_sort = p.plan("sortable", "_sort=sortable_with_nulls&_next=$null,a,b");
    REQUIRE(null_sort.spec.after.has_value());
    CHECK_FALSE(null_sort.spec.after->sort_value.has_value());
    TablePlan text_sort = p.plan("sortable", "_sort=text&_next=~24null,a,b");
    REQUIRE(text_sort.spec.after->sort_value.has_value());
    CHECK(describe(*text_sort.spec.after->sort_value) == "'$null'");

    // A sorted token of one part holds no sort value, only the key (as Datasette reads it).
    TablePlan key_only = p.plan("facetable", "_sort=state&_next=5");
    REQUIRE(key_only.spec.after.has_value());
    CHECK_FALSE(key_only.spec.after->sort_value.has_value());
    CHECK(key_only.spec.after->key_values.size() == 1);

    TablePlan rowid_next = p.plan("no_primary_key", "_next=5");
    REQUIRE(rowid_next.spec.after.has_value());
    CHECK(describe(rowid_next.spec.after->key_values.at(0)) == "'5'");

    TablePlan formats = p.plan("facetable", "_shape=array&_nl=on&_json=tags&_json_infinity=1&_extra=count,query");
    CHECK(formats.shape == Shape::Array);
    CHECK(formats.newline_delimited);
    CHECK(formats.format.json_infinity);
    REQUIRE(formats.format.embed_json.size() == formats.columns.size());
    CHECK(formats.format.embed_json[7]);  // tags
    CHECK(std::count(formats.format.embed_json.begin(), formats.format.embed_json.end(), true) == 1);
    CHECK(formats.extras == std::vector<std::string>{"count", "query"});
    CHECK(p.plan("facetable", "_nocount=1").nocount);
    CHECK(p.plan("facetable", "_nocount=0").nocount);  // any value but "" is set, as in Datasette
    CHECK_FALSE(p.plan("facetable", "_nocount=").nocount);
    CHECK(p.plan("facetable", "_shape=array&_nl=yes").newline_delimited);
    // An unknown shape is kept for the view to refuse after the data (Datasette's order).
    TablePlan odd = p.plan("facetable", "_shape=nope");
    CHECK(odd.invalid_shape == std::optional<std::string>("nope"));
    CHECK_FALSE(p.plan("facetable", "_shape=array").invalid_shape);
}

TEST_CASE("plan_table: configured sort, size and sortable columns") {
    Planner p;
    config::TableConfig& facetable = p.config.databases["fixtures"].tables["facetable"];
    facetable.sort_desc = "state";
    facetable.size = 7;
    facetable.sortable_columns = std::vector<std::string>{"state", "created"};

    TablePlan plan = p.plan("facetable", "");
    REQUIRE(plan.spec.sort.has_value());
    CHECK(plan.spec.sort->column == "state");
    CHECK(plan.spec.sort->descending);
    CHECK(plan.page_size == 7);
    CHECK(p.plan("facetable", "_sort=created").spec.sort->column == "created");
    CHECK(p.plan("facetable", "_size=20").page_size == 20);
    CHECK(p.error("facetable", "_sort=pk") == "400 Cannot sort table by pk");

    // rowid stays sortable on a rowid table even with an empty sortable_columns list.
    p.config.databases["fixtures"].tables["no_primary_key"].sortable_columns = std::vector<std::string>{};
    CHECK(p.error("no_primary_key", "_sort=content") == "400 Cannot sort table by content");
    CHECK(p.error("no_primary_key", "_sort_desc=rowid") == "no error");
}

TEST_CASE("plan_table: rejected arguments, each with its message") {
    struct Case {
        std::string table;
        std::string query;
        std::string error;
    };
    const std::vector<Case> cases = {
        {"facetable", "_sort=nope", "400 Cannot sort table by nope"},
        {"facetable", "_sort_desc=nope", "400 Cannot sort table by nope"},
        {"facetable", "_sort=rowid", "400 Cannot sort table by rowid"},  // has a primary key
        {"simple_view", "_sort=rowid", "400 Cannot sort table by rowid"},
        {"facetable", "_sort=state&_sort_desc=pk", "400 Cannot use _sort and _sort_desc at the same time"},
        {"facetable", "_col=nope", "400 _col=nope - invalid columns"},
        {"facetable", "_col=nope&_col=state&_col=zip", "400 _col=nope, zip - invalid columns"},
        {"facetable", "_nocol=pk", "400 _nocol=pk - invalid columns"},
        {"facetable", "_nocol=nope", "400 _nocol=nope - invalid columns"},
        {"compound_primary_key", "_nocol=pk2", "400 _nocol=pk2 - invalid columns"},
        {"facetable", "_size=-1", "400 _size must be a positive integer"},
        {"facetable", "_size=1.5", "400 _size must be a positive integer"},
        {"facetable", "_size=1001", "400 _size must be <= 1000"},
        {"facetable", "nope=1", "400 no such column: nope"},
        {"paginated_view", "_next=abc", "400 Invalid _next token for a view: abc"},
        {"paginated_view", "_next=-5", "400 Invalid _next token for a view: -5"},
    };
    Planner p;
    for (const auto& c : cases) {
        CAPTURE(c.table);
        CAPTURE(c.query);
        CHECK(p.error(c.table, c.query) == c.error);
    }
    // The same arguments with valid names pass.
    for (const char* query : {"_sort=state", "_sort_desc=created", "_col=state", "_nocol=state", "_size=max",
                              "_size=0", "_shape=objects", "state=CA", "_sort=state&_sort_desc="}) {
        CAPTURE(query);
        CHECK(p.error("facetable", query) == "no error");
    }
    CHECK(p.error("no_primary_key", "_sort=rowid") == "no error");
}

TEST_CASE("plan_table: _size is checked against max_returned_rows from the settings") {
    Planner p;
    p.settings.max_returned_rows = 10;
    p.settings.default_page_size = 5;
    CHECK(p.plan("facetable", "").page_size == 5);
    CHECK(p.plan("facetable", "_size=max").page_size == 10);
    CHECK(p.error("facetable", "_size=11") == "400 _size must be <= 10");
}
