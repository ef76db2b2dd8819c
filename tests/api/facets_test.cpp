// Facets: the SQL of each facet type as a table of inputs and texts, then in-process requests
// on the fixtures database (column, array and date facets, _facet_size, selection, labels,
// suggestions, configured facets) with the answers Datasette 1.0 gives for the same URLs, and
// a facet that runs out of time on a large table.
#include "api/facet_sql.h"

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "app/app.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;

namespace {

db::Table table_of(const std::string& name, const std::vector<std::string>& columns,
                   const std::vector<std::string>& primary_keys) {
    db::Table t;
    t.name = name;
    for (const auto& c : columns) {
        db::Column column;
        column.name = c;
        t.columns.push_back(column);
    }
    t.primary_keys = primary_keys;
    return t;
}

std::unique_ptr<app::App> app_over(const std::string& path, const std::string& config_json = "",
                                   const std::vector<std::pair<std::string, std::string>>& settings = {}) {
    app::AppOptions options;
    options.files.push_back({path, true});
    for (const auto& [name, value] : settings) config::apply_setting(options.settings, name, value);
    if (!config_json.empty()) {
        options.config_path = liteserve::testing::temp_dir() + "/config.json";
        std::ofstream(options.config_path) << config_json;
    }
    return std::make_unique<app::App>(std::move(options));
}

const app::App& fixtures_app() {
    static const auto app = app_over(liteserve::testing::fixtures_db());
    return *app;
}

struct Reply {
    int status;
    rapidjson::Document json;
};

Reply get(const app::App& app, const std::string& target) {
    Request r = liteserve::testing::make_request("GET", target);
    Response response = app.handle(r);
    Reply reply{response.status, {}};
    reply.json.Parse(response.body.c_str());
    REQUIRE_MESSAGE(!reply.json.HasParseError(), response.body);
    return reply;
}

Reply get(const std::string& target) { return get(fixtures_app(), target); }

std::string dump(const rapidjson::Value& v) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    v.Accept(writer);
    return buffer.GetString();
}

// "value:count" of each result of one facet, space-separated; "*" marks selected values.
std::string counts(const rapidjson::Value& facet) {
    std::string out;
    for (const auto& r : facet["results"].GetArray()) {
        std::string value = r["value"].IsString() ? r["value"].GetString() : dump(r["value"]);
        out += (out.empty() ? "" : " ") + value + ":" + std::to_string(r["count"].GetInt64()) +
               (r["selected"].GetBool() ? "*" : "");
    }
    return out;
}

const rapidjson::Value& facet(const Reply& reply, const char* key) {
    const auto& results = reply.json["facet_results"]["results"];
    REQUIRE_MESSAGE(results.HasMember(key), dump(reply.json));
    return results[key];
}

std::string names(const rapidjson::Value& list) {
    std::string out;
    for (const auto& item : list.GetArray()) {
        out += (out.empty() ? "" : " ") + std::string(item["name"].GetString());
        if (item.HasMember("type") && item.HasMember("toggle_url") && !item.HasMember("results"))
            out += std::string("(") + item["type"].GetString() + ")";
    }
    return out;
}

}  // namespace

TEST_CASE("facet SQL: every facet type and suggestion probe, as Datasette's facets.py") {
    using api::FacetType;
    db::Table facetable = table_of("facetable", {"pk", "state", "_city_id"}, {"pk"});
    db::Table rowid_table = table_of("my table", {"a b", "select"}, {});
    struct Case {
        std::string name;
        std::string sql;
        std::string expected;
    };
    const std::string src = "select pk, state, _city_id from facetable where state = :p0";
    const std::vector<Case> cases = {
        {"source of a table with a primary key", api::facet_source_sql(facetable, "where state = :p0 "),
         "select pk, state, _city_id from facetable where state = :p0 "},
        {"source of a rowid table, names quoted", api::facet_source_sql(rowid_table, ""),
         "select rowid, [a b], [select] from [my table] "},
        {"column facet", api::facet_sql(FacetType::Column, "state", src, 31),
         "select state as value, count(*) as count from (" + src +
             ") where state is not null group by state order by count desc, value limit 31"},
        {"column facet on a quoted name", api::facet_sql(FacetType::Column, "a b", "select 1", 4),
         "select [a b] as value, count(*) as count from (select 1) where [a b] is not null group by [a b] "
         "order by count desc, value limit 4"},
        {"date facet", api::facet_sql(FacetType::Date, "created", src, 4),
         "select date(created) as value, count(*) as count from (" + src +
             ") where date(created) is not null group by date(created) order by count desc, value limit 4"},
        {"array facet: items counted once per row", api::facet_sql(FacetType::Array, "tags", src, 4),
         "with inner as (" + src + "), deduped_array_items as (select distinct j.value, inner.* from "
         "json_each([inner].tags) j join inner) select value as value, count(*) as count from "
         "deduped_array_items group by value order by count(*) desc, value limit 4"},
        {"rows considered for suggestions", api::suggest_row_count_sql(src),
         "select count(*) from (select * from (" + src + ") limit 1000)"},
        {"column suggestion", api::column_suggest_sql("state", src, 31),
         "with limited as (select * from (" + src + ") limit 1000) select state as value, count(*) as n "
         "from limited where value is not null group by value limit 31"},
        {"array suggestion: types", api::array_types_sql("tags", src),
         "with limited as (select * from (" + src + ") limit 1000) select distinct json_type(tags) from "
         "limited where tags is not null and tags != ''"},
        {"array suggestion: sample", api::array_sample_sql("tags", src),
         "select tags from (" + src + ") where tags is not null and tags != '' and "
         "json_array_length(tags) > 0 limit 100"},
        {"date suggestion", api::date_suggest_sql("created", src),
         "select date(created) from (select * from (" + src + ") limit 100) where created glob '\?\?\?\?-\?\?-*'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(c.sql == c.expected);
    }
}

TEST_CASE("facets: a column facet, its counts, toggles and labels") {
    Reply r = get("/fixtures/facetable.json?_size=0&_facet=state");
    REQUIRE(r.status == 200);
    const auto& state = facet(r, "state");
    CHECK(counts(state) == "CA:10 MI:4 MC:1");
    CHECK(dump(state["results"][0]) ==
          R"({"value":"CA","label":"CA","count":10,)"
          R"("toggle_url":"http://localhost/fixtures/facetable.json?_size=0&_facet=state&state=CA","selected":false})");
    CHECK(std::string(state["toggle_url"].GetString()) == "/fixtures/facetable.json?_size=0");
    CHECK(std::string(state["type"].GetString()) == "column");
    CHECK(state["hideable"].GetBool());
    CHECK_FALSE(state["truncated"].GetBool());
    CHECK(dump(r.json["facet_results"]["timed_out"]) == "[]");

    SUBCASE("a selected value links to the page without its filter") {
        Reply s = get("/fixtures/facetable.json?_size=0&_facet=state&state=MI");
        const auto& v = facet(s, "state")["results"][0];
        CHECK(counts(facet(s, "state")) == "MI:4*");
        CHECK(std::string(v["toggle_url"].GetString()) == "http://localhost/fixtures/facetable.json?_size=0&_facet=state");
    }
    SUBCASE("a column starting with _ filters with __exact; foreign-key values are labelled") {
        Reply s = get("/fixtures/facetable.json?_size=0&_facet=_city_id&_city_id__exact=3");
        const auto& v = facet(s, "_city_id")["results"][0];
        CHECK(counts(facet(s, "_city_id")) == "3:4*");
        CHECK(std::string(v["label"].GetString()) == "Detroit");
        Reply all = get("/fixtures/facetable.json?_size=0&_facet=_city_id");
        std::string labels;
        for (const auto& x : facet(all, "_city_id")["results"].GetArray()) labels += x["label"].GetString() + std::string(",");
        CHECK(labels == "San Francisco,Los Angeles,Detroit,Memnonia,");
        CHECK(std::string(facet(all, "_city_id")["results"][0]["toggle_url"].GetString()) ==
              "http://localhost/fixtures/facetable.json?_size=0&_facet=_city_id&_city_id__exact=1");
    }
    SUBCASE("facets count the filtered rows, _where included") {
        Reply s = get("/fixtures/facetable.json?_size=0&_facet=_neighborhood&_where=state%3D%27MI%27&_facet_size=2");
        CHECK(counts(facet(s, "_neighborhood")) == "Corktown:1 Downtown:1");
        CHECK(facet(s, "_neighborhood")["truncated"].GetBool());
    }
    SUBCASE("after a _next token, as Datasette, facets count the rows after it") {
        Reply s = get("/fixtures/facetable.json?_size=5&_facet=state&_next=5");
        CHECK(counts(facet(s, "state")) == "CA:5 MI:4 MC:1");
    }
}

TEST_CASE("facets: array and date facets") {
    Reply r = get("/fixtures/facetable.json?_size=0&_facet_array=tags&_facet_date=created");
    REQUIRE(r.status == 200);
    CHECK(counts(facet(r, "tags")) == "tag1:2 tag2:1 tag3:1");
    CHECK(std::string(facet(r, "tags")["type"].GetString()) == "array");
    CHECK(std::string(facet(r, "tags")["results"][0]["toggle_url"].GetString()) ==
          "http://localhost/fixtures/facetable.json?_size=0&_facet_array=tags&_facet_date=created&tags__arraycontains=tag1");
    CHECK(counts(facet(r, "created")) == "2019-01-14:4 2019-01-15:4 2019-01-17:4 2019-01-16:3");
    CHECK(std::string(facet(r, "created")["type"].GetString()) == "date");

    Reply s = get("/fixtures/facetable.json?_size=0&_facet_array=tags&tags__arraycontains=tag2&_facet_date=created"
                  "&created__date=2019-01-14");
    CHECK(counts(facet(s, "tags")) == "tag1:1 tag2:1*");
    CHECK(counts(facet(s, "created")) == "2019-01-14:1*");
    CHECK(std::string(facet(s, "created")["results"][0]["toggle_url"].GetString()) ==
          "http://localhost/fixtures/facetable.json?_size=0&_facet_array=tags&tags__arraycontains=tag2&_facet_date=created");

    // The same column twice gets a second key, as in Datasette.
    Reply twice = get("/fixtures/facetable.json?_size=0&_facet=created&_facet_date=created&_facet=tags&_facet_array=tags");
    std::string keys;
    for (const auto& m : twice.json["facet_results"]["results"].GetObject()) keys += m.name.GetString() + std::string(" ");
    CHECK(keys == "created tags created_2 tags_2 ");
}

TEST_CASE("facets: _facet_size, _nofacet and the extras") {
    CHECK(facet(get("/fixtures/facetable.json?_size=0&_facet=_neighborhood&_facet_size=2"), "_neighborhood")["results"].Size() == 2);
    CHECK(facet(get("/fixtures/facetable.json?_size=0&_facet=_neighborhood&_facet_size=max"), "_neighborhood")["results"].Size() == 14);
    // Anything else is ignored: the default size (30) applies.
    CHECK(facet(get("/fixtures/facetable.json?_size=0&_facet=_neighborhood&_facet_size=-1"), "_neighborhood")["results"].Size() == 14);
    auto small = app_over(liteserve::testing::fixtures_db(), "", {{"default_facet_size", "3"}, {"max_returned_rows", "10"}});
    Reply small_page = get(*small, "/fixtures/facetable.json?_size=0&_facet=_neighborhood");
    const auto& neighborhoods = facet(small_page, "_neighborhood");
    CHECK(neighborhoods["results"].Size() == 3);
    CHECK(neighborhoods["truncated"].GetBool());
    CHECK(facet(get(*small, "/fixtures/facetable.json?_size=0&_facet=_neighborhood&_facet_size=50"), "_neighborhood")["results"].Size() == 10);

    Reply none = get("/fixtures/facetable.json?_size=0&_facet=state&_nofacet=1");
    CHECK(dump(none.json["facet_results"]) == R"({"results":{},"timed_out":[]})");

    // Datasette's order: most values first, ties by name descending.
    Reply sorted = get("/fixtures/facetable.json?_size=0&_facet=state&_facet=on_earth&_facet_date=created&_extra=sorted_facet_results");
    CHECK(names(sorted.json["sorted_facet_results"]) == "created state on_earth");
    Reply timed_out = get("/fixtures/facetable.json?_size=0&_facet=state&_extra=facets_timed_out");
    CHECK(dump(timed_out.json["facets_timed_out"]) == "[]");
}

TEST_CASE("facets: errors") {
    Reply unknown = get("/fixtures/facetable.json?_facet=nope");
    CHECK(unknown.status == 400);
    CHECK(std::string(unknown.json["error"].GetString()) == "no such column: nope");
    CHECK(get("/fixtures/facetable.json?_facet_array=nope").status == 400);
    CHECK(get("/fixtures/facetable.json?_facet=rowid").status == 400);  // a table with a primary key
    CHECK(get("/fixtures/no_primary_key.json?_facet=rowid").status == 200);

    auto off = app_over(liteserve::testing::fixtures_db(), "", {{"allow_facet", "off"}});
    Reply refused = get(*off, "/fixtures/facetable.json?_facet_size=3");
    CHECK(refused.status == 400);
    CHECK(std::string(refused.json["error"].GetString()) == "_facet= is not allowed");
    CHECK(get(*off, "/fixtures/facetable.json?_extra=suggested_facets").json["suggested_facets"].Size() == 0);
}

TEST_CASE("facets: suggestions") {
    Reply r = get("/fixtures/facetable.json?_size=0&_extra=suggested_facets");
    REQUIRE(r.status == 200);
    CHECK(names(r.json["suggested_facets"]) ==
          "created planet_int on_earth state _city_id _neighborhood tags complex_array created(date) tags(array)");
    CHECK(dump(r.json["suggested_facets"][0]) ==
          R"({"name":"created","toggle_url":"http://localhost/fixtures/facetable.json?_size=0&_extra=suggested_facets&_facet=created"})");
    CHECK(std::string(r.json["suggested_facets"][9]["toggle_url"].GetString()) ==
          "http://localhost/fixtures/facetable.json?_size=0&_extra=suggested_facets&_facet_array=tags");

    // Facets already asked for are not suggested again.
    Reply some = get("/fixtures/facetable.json?_size=0&_facet=state&_facet_array=tags&_extra=suggested_facets");
    CHECK(names(some.json["suggested_facets"]) ==
          "created planet_int on_earth _city_id _neighborhood tags complex_array created(date)");
    for (const char* off : {"_nosuggest=1", "_nofacet=1", "_next=3"})
        CHECK(get(std::string("/fixtures/facetable.json?_extra=suggested_facets&") + off).json["suggested_facets"].Size() == 0);
    auto no_suggest = app_over(liteserve::testing::fixtures_db(), "", {{"suggest_facets", "off"}});
    CHECK(get(*no_suggest, "/fixtures/facetable.json?_extra=suggested_facets").json["suggested_facets"].Size() == 0);
}

TEST_CASE("facets: configured facets come first, cannot be hidden, and sort in config order") {
    auto app = app_over(liteserve::testing::fixtures_db(), R"({"databases": {"fixtures": {"tables": {"facetable": {
        "facets": ["state", {"array": "tags"}, {"date": "created"}], "facet_size": 2}}}}})");
    Reply r = get(*app, "/fixtures/facetable.json?_size=0&_extra=facet_results,sorted_facet_results&_facet=_city_id");
    REQUIRE(r.status == 200);
    CHECK(counts(facet(r, "state")) == "CA:10 MI:4");
    CHECK_FALSE(facet(r, "state")["hideable"].GetBool());
    CHECK(counts(facet(r, "tags")) == "tag1:2 tag2:1");
    CHECK(counts(facet(r, "created")) == "2019-01-14:4 2019-01-15:4");
    CHECK(facet(r, "_city_id")["hideable"].GetBool());
    CHECK(names(r.json["sorted_facet_results"]) == "state tags created _city_id");
    // Without a facet argument or extra, no facet is computed.
    CHECK_FALSE(get(*app, "/fixtures/facetable.json?_size=0").json.HasMember("facet_results"));
}

TEST_CASE("facets: a facet over its time limit is listed in facets_timed_out, not an error") {
    std::string dir = liteserve::testing::temp_dir();
    std::ofstream(dir + "/big.sql") << "create table big (id integer primary key, v text);\n"
                                       "with recursive n(i) as (select 1 union all select i + 1 from n where i < 300000)\n"
                                       "insert into big (v) select 'value ' || (i % 5000) from n;\n";
    liteserve::testing::build_database(dir + "/big.sql", dir + "/big.db");
    auto app = app_over(dir + "/big.db", "", {{"facet_time_limit_ms", "1"}});
    Reply r = get(*app, "/big/big.json?_size=1&_facet=v&_facet_date=v&_extra=facets_timed_out");
    REQUIRE(r.status == 200);
    CHECK(dump(r.json["facets_timed_out"]) == R"(["v","v"])");
    CHECK(dump(r.json["facet_results"]) == R"({"results":{},"timed_out":["v","v"]})");
    CHECK(r.json["rows"].Size() == 1);
}

TEST_CASE("facets: all the facets of one request share sql_time_limit_ms, the rest time out") {
    // Each facet on its own finishes well within its limit here; three hundred of them need
    // more CPU time than the request's 1 ms, so the later ones are skipped as timed out
    // instead of running (a URL naming facets by the hundred cannot hold a worker for long).
    auto app = app_over(liteserve::testing::fixtures_db(), "", {{"sql_time_limit_ms", "1"}});
    std::string target = "/fixtures/facetable.json?_size=1&_nocount=1";
    for (int i = 0; i < 300; ++i) target += "&_facet=state";
    Reply r = get(*app, target);
    REQUIRE(r.status == 200);
    const auto& timed_out = r.json["facet_results"]["timed_out"];
    const auto& results = r.json["facet_results"]["results"];
    CHECK(timed_out.Size() > 0);
    CHECK(results.MemberCount() > 0);
    CHECK(timed_out.Size() + results.MemberCount() == 300);
}
