// Tables for src/api/table_search.cpp (search arguments → conditions, parameters and
// descriptions on the fixtures schema, and each rejected argument with its message), then
// in-process requests through app::App: the answers Datasette gives for the same URLs.
#include "api/table_search.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/table_plan.h"
#include "app/app.h"
#include "db/connection.h"
#include "db/select_builder.h"
#include "liteserve/error.h"
#include "support/describe.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;
using namespace liteserve::api;
using liteserve::testing::describe;

namespace {

using liteserve::testing::fixtures_schema;

const db::Table& table(const std::string& name) { return liteserve::testing::fixtures_table(name); }

std::string join(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
    return out;
}

// "where… | params | descriptions", or "400 message".
std::string search(const std::string& table_name, const std::string& query, const config::TableConfig& tc = {}) {
    try {
        SearchPlan plan = plan_search(tc, fixtures_schema(), table(table_name), QueryArgs::parse(query));
        return join(plan.where, " and ") + " | " + describe(plan.params) + " | " + join(plan.descriptions, "; ");
    } catch (const HttpError& e) {
        return std::to_string(e.status()) + " " + e.what();
    }
}

const std::string kWhole = "rowid in (select rowid from searchable_fts where searchable_fts match escape_fts(:search))";

config::TableConfig configured(std::optional<std::string> fts_table, std::optional<std::string> fts_pk,
                               std::optional<std::string> searchmode = std::nullopt) {
    config::TableConfig tc;
    tc.fts_table = std::move(fts_table);
    tc.fts_pk = std::move(fts_pk);
    tc.searchmode = std::move(searchmode);
    return tc;
}

}  // namespace

TEST_CASE("plan_search: arguments → conditions, parameters and descriptions") {
    struct Case {
        std::string table;
        std::string query;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"searchable", "_search=dog", kWhole + " | search='dog' | search matches \"dog\""},
        {"searchable", "_search=te*&_searchmode=raw",
         "rowid in (select rowid from searchable_fts where searchable_fts match :search) | search='te*' | "
         "search matches \"te*\""},
        {"searchable", "_search=x&_searchmode=escaped", kWhole + " | search='x' | search matches \"x\""},
        {"searchable", "_search_text2=dog",
         "rowid in (select rowid from searchable_fts where text2 match escape_fts(:search_0)) | search_0='dog' | "
         "search column \"text2\" matches \"dog\""},
        {"searchable", "_search_name+with+.+and+spaces=puma",
         "rowid in (select rowid from searchable_fts where [name with . and spaces] match escape_fts(:search_0)) | "
         "search_0='puma' | search column \"name with . and spaces\" matches \"puma\""},
        // Columns numbered in the order their keys first appear; a key's first value counts.
        {"searchable", "_search_text2=a&_search_text1=b&_search_text2=c",
         "rowid in (select rowid from searchable_fts where text2 match escape_fts(:search_0)) and "
         "rowid in (select rowid from searchable_fts where text1 match escape_fts(:search_1)) | "
         "search_0='a', search_1='b' | search column \"text2\" matches \"a\"; search column \"text1\" matches \"b\""},
        {"searchable", "_search_text1=a&_search=b", kWhole + " | search='b' | search matches \"b\""},
        // Blank values are searched for too (Datasette keeps blank arguments); FTS5 then
        // refuses the empty query, and _search wins over the column searches as ever.
        {"searchable", "_search=", kWhole + " | search='' | search matches \"\""},
        {"searchable", "_search=&_search_text1=x", kWhole + " | search='' | search matches \"\""},
        {"searchable", "_search_text1=",
         "rowid in (select rowid from searchable_fts where text1 match escape_fts(:search_0)) | search_0='' | "
         "search column \"text1\" matches \"\""},
        {"searchable", "_searchmode=raw", " |  | "},
        // No FTS index: search arguments are ignored, even invalid ones.
        {"facetable", "_search=Mission", " |  | "},
        {"facetable", "_search_nope=x", " |  | "},
        {"searchable_view", "_search=weasel", " |  | "},
        // ?_fts_table= and ?_fts_pk= name the index and key column, as in Datasette.
        {"searchable_view", "_search=weasel&_fts_table=searchable_fts&_fts_pk=pk",
         "pk in (select rowid from searchable_fts where searchable_fts match escape_fts(:search)) | "
         "search='weasel' | search matches \"weasel\""},
        {"searchable_fts", "_search=dog", kWhole + " | search='dog' | search matches \"dog\""},
        {"searchable", "_search_invalid=x", "400 Cannot search by that column"},
        {"searchable", "_search_rank=x", "400 Cannot search by that column"},  // hidden FTS column
        {"searchable", "_search_searchable_fts=x", "400 Cannot search by that column"},
        {"searchable", "_search_TEXT1=x", "400 Cannot search by that column"},
        {"searchable", "_search_=x", "400 Cannot search by that column"},
        {"searchable", "_searchtext1=x", "400 Cannot search by that column"},
        {"searchable_view", "_search=x&_fts_table=nope", "400 no such table: nope"},
        {"searchable_view", "_search=x&_fts_table=searchable_fts&_fts_pk=nope", "400 no such column: nope"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.table);
        CAPTURE(c.query);
        CHECK(search(c.table, c.query) == c.expected);
    }
}

TEST_CASE("plan_search: fts_table, fts_pk and searchmode from the table's configuration") {
    auto view = configured("searchable_fts", "pk");
    CHECK(search("searchable_view_configured_by_metadata", "_search=weasel", view) ==
          "pk in (select rowid from searchable_fts where searchable_fts match escape_fts(:search)) | "
          "search='weasel' | search matches \"weasel\"");
    CHECK(search("searchable_view_configured_by_metadata", "_search_text2=weasel", view) ==
          "pk in (select rowid from searchable_fts where text2 match escape_fts(:search_0)) | "
          "search_0='weasel' | search column \"text2\" matches \"weasel\"");
    auto raw = configured(std::nullopt, std::nullopt, "raw");
    CHECK(search("searchable", "_search=te*", raw) ==
          "rowid in (select rowid from searchable_fts where searchable_fts match :search) | search='te*' | "
          "search matches \"te*\"");
    CHECK(search("searchable", "_search=te*&_searchmode=escaped", raw).rfind(kWhole, 0) == 0);
    CHECK(search("searchable", "_search=x", configured("nope", std::nullopt)) == "400 no such table: nope");
    CHECK(search("searchable", "_search=x", configured(std::nullopt, "nope")) == "400 no such column: nope");
    CHECK(search("searchable", "_size=1", configured("nope", "nope")) == " |  | ");  // checked only when searching
}

TEST_CASE("plan_table: search follows filters and _where, and the keyset's p{N} counts it") {
    config::Settings settings;
    config::Config config;
    Context ctx{settings, config, {}, false, {}, false};
    auto plan = plan_table(ctx, "fixtures", fixtures_schema(), table("searchable"),
                           QueryArgs::parse("text1=x&_where=pk>0&_search=dog&_next=1"));
    db::SelectSql sql = db::build_select(plan.spec);
    CHECK(sql.sql == "select pk, text1, text2, [name with . and spaces] from searchable where \"text1\" = :p0 and "
                     "pk>0 and " + kWhole + " and ((pk > :p2)) order by pk limit 101");
    CHECK(describe(sql.params) == "p0='x', search='dog', p2='1'");
    CHECK(sql.count_sql == "select count(*) from searchable where \"text1\" = :p0 and pk>0 and " + kWhole + " ");
    CHECK(join(plan.search_descriptions, "; ") == "search matches \"dog\"");
}

// ---- in-process requests -------------------------------------------------------------

namespace {

// The fixtures database with one view configured for search the way Datasette's fixtures
// configure it, plus raw search mode on it.
const app::App& search_app() {
    static const std::unique_ptr<app::App> app = [] {
        std::string dir = liteserve::testing::temp_dir();
        std::string db_path = dir + "/fixtures.db";
        std::filesystem::copy_file(liteserve::testing::fixtures_db(), db_path);
        std::ofstream(dir + "/config.json") << R"({"databases": {"fixtures": {"tables": {
            "searchable_view_configured_by_metadata": {"fts_table": "searchable_fts", "fts_pk": "pk",
                                                       "searchmode": "raw"}}}}})";
        app::AppOptions options;
        options.files.push_back({db_path, false});
        options.config_path = dir + "/config.json";
        return std::make_unique<app::App>(std::move(options));
    }();
    return *app;
}

struct Reply {
    int status = 0;
    std::string body;
    rapidjson::Document json;
};

Reply get(const std::string& target) {
    Request r = liteserve::testing::make_request("GET", target);
    Response response = search_app().handle(r);
    Reply reply{response.status, response.body, {}};
    reply.json.Parse(reply.body.c_str());
    return reply;
}

// The pk of every row of an objects-shaped page, comma-separated.
std::string pks(const Reply& reply) {
    REQUIRE_MESSAGE(reply.json.IsObject(), reply.body);
    std::string out;
    for (const auto& row : reply.json["rows"].GetArray()) out += (out.empty() ? "" : ",") + std::to_string(row["pk"].GetInt64());
    return out;
}

std::string error_of(const Reply& reply) {
    REQUIRE_MESSAGE(reply.json.IsObject(), reply.body);
    std::string title = reply.json["title"].IsNull() ? "null" : reply.json["title"].GetString();
    return std::to_string(reply.status) + " " + reply.json["error"].GetString() + " (" + title + ")";
}

}  // namespace

TEST_CASE("search requests: rows found on tables and views") {
    struct Case {
        std::string target;
        std::string pks;
    };
    const std::vector<Case> cases = {
        {"/fixtures/searchable.json?_search=dog", "1,2"},
        {"/fixtures/searchable.json?_search=weasel", "2"},
        {"/fixtures/searchable.json?_search=dog&pk=2", "2"},
        {"/fixtures/searchable.json?_search=dog&_where=pk+%3E+1", "2"},  // client SQL, guarded, reads FTS5
        {"/fixtures/searchable.json?_search=dog&_sort_desc=pk", "2,1"},
        {"/fixtures/searchable.json?_search_text2=dog", "1"},
        {"/fixtures/searchable.json?_search_name+with+.+and+spaces=puma", "2"},
        {"/fixtures/searchable.json?_search=te*", ""},  // escaped: * is part of the word
        {"/fixtures/searchable.json?_search=te*&_searchmode=raw", "1,2"},
        {"/fixtures/searchable.json?_search=cat+OR+weasel&_searchmode=raw", "1,2"},
        {"/fixtures/searchable.json?_search=cat+OR+weasel", ""},
        {"/fixtures/searchable_view.json?_search=weasel", "1,2"},  // no index: not searched
        {"/fixtures/searchable_view.json?_search=weasel&_fts_table=searchable_fts&_fts_pk=pk", "2"},
        {"/fixtures/searchable_view_configured_by_metadata.json?_search=weasel", "2"},
        {"/fixtures/searchable_view_configured_by_metadata.json?_search_text1=ter*", "2"},  // configured raw
        {"/fixtures/searchable_view_configured_by_metadata.json?_search=ter*&_searchmode=escaped", ""},
        {"/fixtures/facetable.json?_search=Mission&_size=2", "1,2"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        Reply reply = get(c.target);
        CHECK(reply.status == 200);
        CHECK(pks(reply) == c.pks);
    }
}

TEST_CASE("search requests: the SQL, count, description and pages of a search") {
    Reply r = get("/fixtures/searchable.json?_search=dog&pk__gte=1&_extra=query,count,human_description_en&_size=1");
    REQUIRE(r.status == 200);
    CHECK(std::string(r.json["query"]["sql"].GetString()) ==
          "select pk, text1, text2, [name with . and spaces] from searchable where \"pk\" >= :p0 and " + kWhole +
              " order by pk limit 2");
    CHECK(std::string(r.json["query"]["params"]["search"].GetString()) == "dog");
    CHECK(r.json["count"].GetInt64() == 2);
    CHECK(std::string(r.json["human_description_en"].GetString()) == "where search matches \"dog\" and pk \u2265 1");
    CHECK(pks(r) == "1");
    REQUIRE(r.json["next"].IsString());
    Reply second = get("/fixtures/searchable.json?_search=dog&pk__gte=1&_size=1&_next=" +
                       std::string(r.json["next"].GetString()));
    CHECK(pks(second) == "2");
    CHECK(second.json["next"].IsNull());

    // Custom SQL can search with the same function (Datasette's "searches using custom SQL").
    Reply query = get("/fixtures/-/query.json?sql=select+rowid+from+searchable_fts+where+searchable_fts+match+"
                      "escape_fts(:q)&q=weasel");
    CHECK(query.status == 200);
    CHECK(query.body.find(R"("rows": [{"rowid": 2}])") != std::string::npos);

    Reply csv = get("/fixtures/searchable.csv?_search=weasel");
    CHECK(csv.status == 200);
    CHECK(csv.body == "pk,text1,text2,name with . and spaces\r\n2,terry dog,sara weasel,puma\r\n");
}

TEST_CASE("search requests: errors name the problem") {
    CHECK(error_of(get("/fixtures/searchable.json?_search_invalid=x")) == "400 Cannot search by that column (null)");
    // Raw queries reach SQLite's FTS parser; its message is the answer, as in Datasette.
    CHECK(error_of(get("/fixtures/searchable.json?_search=AND&_searchmode=raw")) ==
          "400 fts5: syntax error near \"AND\" (Invalid SQL)");
    CHECK(error_of(get("/fixtures/searchable.json?_search=%22unterminated&_searchmode=raw")) ==
          "400 unterminated string (Invalid SQL)");
    // A blank search is an empty FTS5 query, which SQLite refuses (Datasette answers the same).
    CHECK(error_of(get("/fixtures/searchable.json?_search=")) == "400 fts5: syntax error near \"\" (Invalid SQL)");
    CHECK(error_of(get("/fixtures/searchable.json?_search_text2=")) ==
          "400 fts5: syntax error near \"\" (Invalid SQL)");
    // The same text escaped is just words.
    CHECK(get("/fixtures/searchable.json?_search=AND").status == 200);
    CHECK(get("/fixtures/searchable.json?_search=%22unterminated").status == 200);
}
