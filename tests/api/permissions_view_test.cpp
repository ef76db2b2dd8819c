// In-process tests for the read views' permission checks (src/api/permissions.cpp and the
// views that call it): 403s for denied tables, rows, SQL and _where=, and the databases,
// tables, views and stored queries the index and database pages leave out, under tokens,
// allow blocks, --root and --default-deny (Datasette 1.0a33's rules; its 403 is an HTML page,
// liteserve answers with the JSON error body).
#include "app/app.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <rapidjson/document.h>

#include "auth/tokens.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;

namespace {

constexpr const char* kSecret = "s3cret";

struct Setup {
    std::string config_json;  // empty: no config file
    bool root = false;
    bool default_deny = false;
};

std::unique_ptr<app::App> make_app(const Setup& setup) {
    std::string dir = liteserve::testing::temp_dir();
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), dir + "/fixtures.db");
    app::AppOptions options;
    options.files.push_back({dir + "/fixtures.db", false});
    options.secret = kSecret;
    options.root = setup.root;
    options.default_deny = setup.default_deny;
    if (!setup.config_json.empty()) {
        options.config_path = dir + "/config.json";
        std::ofstream(options.config_path) << setup.config_json;
    }
    return std::make_unique<app::App>(std::move(options));
}

// "Bearer dstok_…" for `actor`, restricted when `restrictions` is given.
std::string bearer(const std::string& actor, std::optional<auth::Restrictions> restrictions = std::nullopt) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    return "Bearer " + auth::create_token({actor, now.count(), std::nullopt, std::move(restrictions)}, kSecret);
}

auth::Restrictions all(std::initializer_list<const char*> actions) {
    auth::Restrictions r;
    for (const char* a : actions) r.allow_all(a);
    return r;
}

struct Reply {
    int status;
    std::string body;
    rapidjson::Document json;
};

Reply get(const app::App& app, const std::string& target, const std::string& authorization = "") {
    Request r = liteserve::testing::make_request("GET", target);
    if (!authorization.empty()) r.headers.emplace_back("authorization", authorization);
    Response response = app.handle(r);
    Reply reply{response.status, response.body, {}};
    reply.json.Parse(reply.body.c_str());
    return reply;
}

bool has_named(const rapidjson::Value& list, const char* name) {
    for (const auto& item : list.GetArray())
        if (item.HasMember("name") && std::string(item["name"].GetString()) == name) return true;
    return false;
}

std::string error_of(const Reply& reply) {
    return reply.json.IsObject() && reply.json.HasMember("error") ? reply.json["error"].GetString() : reply.body;
}

}  // namespace

TEST_CASE("a token restricted to insert-row cannot read") {
    auto app = make_app({"", true, false});
    std::string insert_only = bearer("root", all({"insert-row"}));
    Reply table = get(*app, "/fixtures/facetable.json", insert_only);
    CHECK(table.status == 403);
    CHECK(table.body ==
          R"({"ok": false, "error": "You do not have permission to view this table", "status": 403, "title": "Forbidden"})");
    CHECK(get(*app, "/fixtures/facetable/1.json", insert_only).status == 403);
    CHECK(get(*app, "/fixtures/facetable.csv", insert_only).status == 403);
    CHECK(get(*app, "/fixtures.json", insert_only).status == 403);
    CHECK(get(*app, "/.json", insert_only).status == 403);
    CHECK(get(*app, "/fixtures/-/query.json?sql=select+1", insert_only).status == 403);
    CHECK(get(*app, "/fixtures/facetable.json", bearer("root")).status == 200);
}

TEST_CASE("a token with view-instance and view-table reads but cannot run SQL") {
    auto app = make_app({"", true, false});
    std::string viewer = bearer("root", all({"view-instance", "view-table"}));
    CHECK(get(*app, "/fixtures/facetable.json", viewer).status == 200);
    Reply sql = get(*app, "/fixtures/-/query.json?sql=select+1", viewer);
    CHECK(sql.status == 403);
    CHECK(error_of(sql) == "execute-sql");
    CHECK(get(*app, "/fixtures/-/query.csv?sql=select+1", viewer).status == 403);
    CHECK(error_of(get(*app, "/fixtures/facetable.json?_where=pk=1", viewer)) == "_where= is not allowed");
    // The database page needs view-database itself: view-table does not imply it.
    CHECK(get(*app, "/fixtures.json", viewer).status == 403);
    Reply database = get(*app, "/fixtures.json", bearer("root", all({"view-instance", "view-database", "view-table"})));
    CHECK(database.status == 200);
    CHECK(database.json["allow_execute_sql"].GetBool() == false);
    CHECK(database.json["table_columns"].ObjectEmpty());
}

TEST_CASE("each page checks its own action, whose rules cascade from the most specific level") {
    // Datasette's test_permissions_cascade: allow blocks for the instance, the database and one
    // table (and one stored query), each open to everyone or to no one.
    struct Case {
        const char* path;
        bool instance, database, child;
        int status;
    };
    for (const Case& c : std::initializer_list<Case>{
             {"/.json", false, true, true, 403},
             {"/.json", true, false, false, 200},
             {"/fixtures/facetable.json", false, false, false, 403},
             {"/fixtures/facetable.json", false, true, false, 403},
             {"/fixtures/facetable.json", true, false, false, 403},
             {"/fixtures/facetable.json", false, false, true, 200},
             {"/fixtures/facetable/1.json", false, true, false, 403},
             {"/fixtures/facetable/1.json", false, false, true, 200},
             {"/fixtures/neighborhood_search.json?text=x", false, true, false, 403},
             {"/fixtures/neighborhood_search.json?text=x", false, false, true, 200},
             {"/fixtures.json", true, false, false, 403},
             {"/fixtures.json", false, true, false, 200},
         }) {
        auto block = [](bool open) { return open ? std::string(R"({"id": "*"})") : std::string("{}"); };
        std::string config = R"({"allow": )" + block(c.instance) + R"(, "databases": {"fixtures": {"allow": )" +
                             block(c.database) + R"(, "tables": {"facetable": {"allow": )" + block(c.child) +
                             R"(}}, "queries": {"neighborhood_search": {"sql": "select :text as t", "allow": )" +
                             block(c.child) + "}}}}}";
        CAPTURE(c.path);
        CAPTURE(config);
        auto app = make_app({config});
        CHECK(get(*app, c.path, bearer("test")).status == c.status);
    }
}

TEST_CASE("_where= needs execute-sql") {
    auto app = make_app({R"({"allow_sql": false})"});
    Reply where = get(*app, "/fixtures/facetable.json?_where=pk=1");
    CHECK(where.status == 403);
    CHECK(where.body == R"({"ok": false, "error": "_where= is not allowed", "status": 403, "title": null})");
    CHECK(get(*app, "/fixtures/facetable.json?pk=1").status == 200);
    CHECK(get(*app, "/fixtures/-/query.json?sql=select+1").status == 403);
}

TEST_CASE("/db.json leaves out the tables, views and queries the actor cannot see") {
    auto app = make_app({R"json({"databases": {"fixtures": {
        "tables": {"facetable": {"allow": {"id": "alice"}}, "simple_view": {"allow": false}},
        "queries": {"secret_query": {"sql": "select 1", "allow": {"id": "alice"}}, "open_query": "select 2"}}}})json"});
    Reply anonymous = get(*app, "/fixtures.json");
    REQUIRE(anonymous.status == 200);
    CHECK_FALSE(has_named(anonymous.json["tables"], "facetable"));
    CHECK(has_named(anonymous.json["tables"], "facet_cities"));
    CHECK_FALSE(has_named(anonymous.json["views"], "simple_view"));
    CHECK_FALSE(has_named(anonymous.json["queries"], "secret_query"));
    CHECK(has_named(anonymous.json["queries"], "open_query"));
    CHECK(anonymous.json["queries_count"].GetInt() == 1);
    CHECK(get(*app, "/fixtures/facetable.json").status == 403);

    Reply alice = get(*app, "/fixtures.json", bearer("alice"));
    CHECK(has_named(alice.json["tables"], "facetable"));
    CHECK(has_named(alice.json["queries"], "secret_query"));
    CHECK(alice.json["tables"].Size() == anonymous.json["tables"].Size() + 1);
    for (const auto& t : alice.json["tables"].GetArray())
        CHECK(t["private"].GetBool() == (std::string(t["name"].GetString()) == "facetable"));
    CHECK(get(*app, "/fixtures/facetable.json", bearer("alice")).status == 200);

    Reply index = get(*app, "/.json");
    Reply alice_index = get(*app, "/.json", bearer("alice"));
    CHECK(index.json["databases"]["fixtures"]["tables_count"].GetInt() + 1 ==
          alice_index.json["databases"]["fixtures"]["tables_count"].GetInt());
}

TEST_CASE("databases an actor cannot see are left out of /.json (not /-/databases.json)") {
    auto app = make_app({R"({"databases": {"fixtures": {"allow": {"id": "alice"}}}})"});
    Reply index = get(*app, "/.json");
    REQUIRE(index.status == 200);
    CHECK_FALSE(index.json["databases"].HasMember("fixtures"));
    // Datasette 1.0a33 lists every connected database there to anyone allowed view-instance.
    CHECK(get(*app, "/-/databases.json").json.Size() == 1);
    Reply database = get(*app, "/fixtures.json");
    CHECK(database.status == 403);
    CHECK(error_of(database) == "You do not have permission to view this database");
    CHECK(get(*app, "/fixtures/facetable.json").status == 403);
    CHECK(get(*app, "/fixtures/-/schema.json").status == 403);

    Reply alice = get(*app, "/.json", bearer("alice"));
    CHECK(alice.json["databases"]["fixtures"]["private"].GetBool());
    CHECK(get(*app, "/fixtures.json", bearer("alice")).json["private"].GetBool());
    CHECK(get(*app, "/-/databases.json", bearer("alice")).json.Size() == 1);
}

TEST_CASE("the /-/ pages but /-/actor need view-instance") {
    auto app = make_app({"", true, false});
    std::string insert_only = bearer("root", all({"insert-row"}));
    for (const char* path : {"/-/versions.json", "/-/settings.json", "/-/config.json", "/-/plugins.json",
                             "/-/databases.json", "/.json"}) {
        CAPTURE(path);
        CHECK(get(*app, path, insert_only).status == 403);
        CHECK(get(*app, path, bearer("root", all({"view-instance"}))).status == 200);
    }
    CHECK(get(*app, "/-/actor.json", insert_only).status == 200);
}

TEST_CASE("an instance allow block and --default-deny close the index") {
    auto closed = make_app({R"({"allow": false})", true, false});
    CHECK(get(*closed, "/.json").status == 403);
    CHECK(error_of(get(*closed, "/.json")) == "view-instance");
    CHECK(get(*closed, "/-/databases.json").status == 403);
    CHECK(get(*closed, "/.json", bearer("root")).status == 403);  // a same-level deny beats root

    auto deny = make_app({"", true, true});
    CHECK(get(*deny, "/.json").status == 403);
    CHECK(get(*deny, "/fixtures/facetable.json", bearer("alice")).status == 403);
    CHECK(get(*deny, "/fixtures/facetable.json", bearer("root")).status == 200);
    CHECK(get(*deny, "/-/actor.json").status == 200);

    auto granted = make_app({R"({"permissions": {"view-instance": true}})", false, true});
    Reply index = get(*granted, "/.json");
    CHECK(index.status == 200);
    CHECK(index.json["databases"].ObjectEmpty());
}
