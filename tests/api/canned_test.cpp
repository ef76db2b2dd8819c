// Stored (canned) queries through App::handle: GET with parameters, magic parameters,
// _extra=metadata, CSV; the table-wins rule; POST to writable queries with JSON and form
// bodies, their messages and redirects, errors and permissions.
#include "api/canned_query.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <rapidjson/document.h>

#include "app/app.h"
#include "auth/signing.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;
using liteserve::testing::header_of;
using liteserve::testing::make_request;

namespace {

const char* kConfig = R"json({"databases": {"fixtures": {"queries": {
    "neighborhood_search": {
        "sql": "select _neighborhood, state from facetable where _neighborhood like '%' || :text || '%' order by _neighborhood",
        "title": "Search neighborhoods", "description_html": "<b>Demo</b>", "hide_sql": true},
    "magic": "select :_header_user_agent as ua, :_now_epoch as epoch, :_actor_id as actor",
    "underscore": "select :_plain as v",
    "facetable": "select 'the query' as shadowed",
    "add_tag": {"sql": "insert into tags (tag) values (:tag)", "write": true},
    "add_tag_custom": {"sql": "insert into tags (tag) values (:tag)", "write": true,
        "on_success_message": "Tag added", "on_success_redirect": "/fixtures/tags",
        "on_error_message": "Could not add", "on_error_redirect": "/fixtures/add_tag_custom?error=1"},
    "add_tag_sql_message": {"sql": "insert into tags (tag) values (:tag)", "write": true,
        "on_success_message_sql": "select 'Now ' || count(*) || ' tags, last ' || :tag from tags"},
    "clear_tags": {"sql": "delete from tags", "write": true},
    "private_write": {"sql": "insert into tags (tag) values (:tag)", "write": true, "allow": false}
}}}})json";

struct TestApp {
    std::unique_ptr<app::App> app;

    Response send(const std::string& method, const std::string& target, liteserve::testing::Headers headers = {},
                  std::string body = {}) const {
        Request r = make_request(method, target, std::move(headers), std::move(body));
        return app->handle(r);
    }
    Response get(const std::string& target, liteserve::testing::Headers headers = {}) const {
        return send("GET", target, std::move(headers));
    }
    Response post_json(const std::string& target, const std::string& body) const {
        return send("POST", target, {{"content-type", "application/json"}, {"accept", "application/json"}}, body);
    }
};

TestApp make_app(bool immutable = false) {
    std::string dir = liteserve::testing::temp_dir();
    app::AppOptions options;
    options.files.push_back({dir + "/fixtures.db", immutable});
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), options.files.back().path);
    options.config_path = dir + "/config.json";
    options.secret = "s3cret";
    std::ofstream(options.config_path) << kConfig;
    return {std::make_unique<app::App>(std::move(options))};
}

rapidjson::Document parse(const Response& r) {
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    REQUIRE_MESSAGE(!doc.HasParseError(), r.body);
    return doc;
}

std::string text(const rapidjson::Value& v) {
    return v.IsString() ? std::string(v.GetString()) : v.IsNull() ? "null" : v.IsBool() ? (v.GetBool() ? "true" : "false")
                                                                          : std::to_string(v.GetInt64());
}

}  // namespace

TEST_CASE("GET a stored query: parameters from the query string, Cache-Control as for tables") {
    TestApp t = make_app();
    Response r = t.get("/fixtures/neighborhood_search.json?text=town");
    REQUIRE(r.status == 200);
    auto doc = parse(r);
    CHECK(doc["ok"].GetBool());
    CHECK(doc["rows"].Size() == 6);
    CHECK(text(doc["rows"][0]["_neighborhood"]) == "Corktown");
    CHECK_FALSE(doc["truncated"].GetBool());
    CHECK_FALSE(doc.HasMember("metadata"));
    CHECK(header_of(r, "cache-control") == "max-age=5");
    CHECK(header_of(r, "referrer-policy") == "no-referrer");
    // A missing ordinary parameter is '' (every neighborhood matches '%%').
    CHECK(parse(t.get("/fixtures/neighborhood_search.json"))["rows"].Size() == 15);
    // Without .json as well, and as CSV.
    CHECK(t.get("/fixtures/neighborhood_search?text=town").status == 200);
    Response csv = t.get("/fixtures/neighborhood_search.csv?text=Corktown");
    CHECK(csv.status == 200);
    CHECK(csv.body == "_neighborhood,state\r\nCorktown,MI\r\n");
    Response download = t.get("/fixtures/neighborhood_search.csv?text=Corktown&_dl=1");
    CHECK(download.find_header("content-disposition") != nullptr);
    if (download.find_header("content-disposition"))
        CHECK(*download.find_header("content-disposition") == "attachment; filename=\"neighborhood_search.csv\"");
}

TEST_CASE("GET a stored query: _extra=metadata") {
    TestApp t = make_app();
    auto doc = parse(t.get("/fixtures/neighborhood_search.json?text=town&_extra=metadata"));
    const auto& m = doc["metadata"];
    CHECK(text(m["database"]) == "fixtures");
    CHECK(text(m["name"]) == "neighborhood_search");
    CHECK(text(m["title"]) == "Search neighborhoods");
    CHECK(text(m["description"]) == "null");
    CHECK(text(m["description_html"]) == "<b>Demo</b>");
    CHECK(m["hide_sql"].GetBool());
    CHECK_FALSE(m["is_write"].GetBool());
    CHECK_FALSE(m["is_private"].GetBool());
    CHECK(m["is_trusted"].GetBool());
    CHECK(m["params"].IsArray());
    for (const char* key : {"owner_id", "on_success_message", "on_success_message_sql", "on_success_redirect",
                            "on_error_message", "on_error_redirect"})
        CHECK(text(m[key]) == "null");
}

TEST_CASE("GET a stored query: magic parameters") {
    TestApp t = make_app();
    auto doc = parse(t.get("/fixtures/magic.json?_actor_id=given", {{"user-agent", "doctest/1"}}));
    const auto& row = doc["rows"][0];
    CHECK(text(row["ua"]) == "doctest/1");
    CHECK(row["epoch"].IsInt64());
    CHECK(row["epoch"].GetInt64() > 1700000000);
    CHECK(text(row["actor"]) == "given");  // anonymous: no _actor_id, so the given value is used
    // A "_" parameter with no value at all is SQLite's error, as Datasette reports it.
    Response missing = t.get("/fixtures/underscore.json");
    CHECK(missing.status == 400);
    CHECK(text(parse(missing)["error"]) == "You did not supply a value for binding parameter :_plain.");
    CHECK(text(parse(t.get("/fixtures/underscore.json?_plain=x"))["rows"][0]["v"]) == "x");
}

TEST_CASE("A table or view of the same name wins over a stored query (Datasette 1.0)") {
    TestApp t = make_app();
    auto doc = parse(t.get("/fixtures/facetable.json?_size=1"));
    CHECK(doc["rows"][0].HasMember("pk"));
    CHECK_FALSE(doc["rows"][0].HasMember("shadowed"));
}

TEST_CASE("POST a writable stored query with a JSON body") {
    TestApp t = make_app();
    Response r = t.post_json("/fixtures/add_tag", R"({"tag": "bovine"})");
    REQUIRE(r.status == 200);
    CHECK(r.body == R"({"ok": true, "message": "Query executed, 1 row affected", "redirect": null})");
    CHECK(header_of(r, "cache-control") == "max-age=5");
    // A constraint failure: ok false with SQLite's message, still a 200.
    Response dup = t.post_json("/fixtures/add_tag", R"({"tag": "bovine"})");
    CHECK(dup.status == 200);
    CHECK(dup.body == R"({"ok": false, "message": "UNIQUE constraint failed: tags.tag", "redirect": null})");
    // Values are Python's str() of the JSON value.
    CHECK(parse(t.post_json("/fixtures/add_tag", R"({"tag": true})"))["ok"].GetBool());
    CHECK(parse(t.post_json("/fixtures/add_tag", R"({"tag": [1, "a"]})"))["ok"].GetBool());
    auto tags = parse(t.get("/fixtures/tags.json?_shape=arrayfirst"));
    std::string all;
    for (const auto& v : tags.GetArray()) all += text(v) + ",";
    CHECK(all == "True,[1, 'a'],bovine,canine,feline,");
    CHECK(text(parse(t.post_json("/fixtures/clear_tags", "{}"))["message"]) == "Query executed, 5 rows affected");
}

TEST_CASE("POST: JSON answers on request, else a redirect") {
    TestApp t = make_app();
    Response form = t.send("POST", "/fixtures/add_tag", {{"content-type", "application/x-www-form-urlencoded"}},
                           "tag=lupine&csrftoken=abc");
    CHECK(form.status == 302);
    CHECK(header_of(form, "location") == "/fixtures/add_tag");
    CHECK(header_of(form, "referrer-policy") == "no-referrer");
    CHECK(header_of(form, "cache-control") == "(absent)");
    // Datasette's add_message: the message rides in a signed ds_messages cookie (1 = INFO).
    std::string cookie = header_of(form, "set-cookie");
    REQUIRE(cookie.starts_with("ds_messages="));
    REQUIRE(cookie.ends_with("; Path=/; SameSite=lax"));
    std::string value = cookie.substr(12, cookie.size() - 12 - 22);
    CHECK(auth::unsign_json("s3cret", "messages", value) == R"([["Query executed, 1 row affected",1]])");
    Response failed = t.send("POST", "/fixtures/add_tag", {{"content-type", "application/x-www-form-urlencoded"}}, "");
    std::string error_cookie = header_of(failed, "set-cookie");
    CHECK(auth::unsign_json("s3cret", "messages", error_cookie.substr(12, error_cookie.size() - 12 - 22)) ==
          R"([["You did not supply a value for binding parameter :tag.",3]])");
    CHECK(header_of(t.post_json("/fixtures/add_tag", R"({"tag": "x"})"), "set-cookie") == "(absent)");
    Response flag = t.send("POST", "/fixtures/add_tag?_json=1", {}, R"({"tag": "ovine"})");
    CHECK(text(parse(flag)["message"]) == "Query executed, 1 row affected");
    Response body_flag = t.send("POST", "/fixtures/add_tag", {}, "tag=caprine&_json=1");
    CHECK(parse(body_flag)["ok"].GetBool());
    // Missing parameter: ok false with Python's sqlite3 message.
    CHECK(text(parse(t.post_json("/fixtures/add_tag", "{}"))["message"]) ==
          "You did not supply a value for binding parameter :tag.");
}

TEST_CASE("POST: on_success_* and on_error_* from the configuration") {
    TestApp t = make_app();
    CHECK(t.post_json("/fixtures/add_tag_custom", R"({"tag": "x"})").body ==
          R"({"ok": true, "message": "Tag added", "redirect": "/fixtures/tags"})");
    CHECK(t.post_json("/fixtures/add_tag_custom", R"({"tag": "x"})").body ==
          R"({"ok": false, "message": "Could not add", "redirect": "/fixtures/add_tag_custom?error=1"})");
    Response redirect = t.send("POST", "/fixtures/add_tag_custom", {}, "tag=y");
    CHECK(redirect.status == 302);
    CHECK(header_of(redirect, "location") == "/fixtures/tags");
    CHECK(text(parse(t.post_json("/fixtures/add_tag_sql_message", R"({"tag": "z"})"))["message"]) ==
          "Now 5 tags, last z");
}

TEST_CASE("POST: refusals") {
    TestApp t = make_app();
    CHECK(t.post_json("/fixtures/private_write", R"({"tag": "x"})").status == 403);
    Response table = t.post_json("/fixtures/facetable", "{}");
    CHECK(table.status == 405);
    CHECK(table.body == "Method not allowed");
    CHECK(t.post_json("/fixtures/nope", "{}").status == 404);
    CHECK(t.post_json("/nope/add_tag", "{}").status == 404);
    CHECK(t.post_json("/fixtures/neighborhood_search", "{}").status == 405);  // not writable
    // GET on a writable query does not run it.
    auto page = parse(t.get("/fixtures/add_tag.json?tag=never"));
    CHECK(page["rows"].Size() == 0);
    CHECK(parse(t.get("/fixtures/tags.json"))["rows"].Size() == 2);

    TestApp immutable = make_app(true);
    Response r = immutable.post_json("/fixtures/add_tag", R"({"tag": "x"})");
    CHECK(r.status == 403);
    CHECK(text(parse(r)["error"]) == "Database is immutable");
}

TEST_CASE("/db.json lists stored queries with their write options") {
    TestApp t = make_app();
    auto doc = parse(t.get("/fixtures.json"));
    bool found = false;
    for (const auto& q : doc["queries"].GetArray()) {
        if (text(q["name"]) != "add_tag_custom") continue;
        found = true;
        CHECK(text(q["on_success_message"]) == "Tag added");
        CHECK(text(q["on_error_redirect"]) == "/fixtures/add_tag_custom?error=1");
        CHECK(q["is_write"].GetBool());
        CHECK(text(q["source"]) == "config");
    }
    CHECK(found);
}
