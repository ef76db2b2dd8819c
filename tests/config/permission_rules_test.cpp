// Tests for src/config/permission_rules.cpp through load_config: allow, allow_sql and
// permissions blocks read from config files (and allow blocks from metadata files, which
// replace the config file's and leave /-/metadata.json), and each rejected shape's message.
#include "config/config.h"

#include <doctest/doctest.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "auth/permissions.h"
#include "support/config_files.h"
#include "support/fixture_db.h"

using namespace liteserve;
using namespace liteserve::config;

namespace {

using liteserve::testing::write_file;

std::string config_error(const std::string& json) { return liteserve::testing::config_error(json, "bad-permissions.json"); }

bool alice_may(const Config& c, std::string_view action, const auth::Resource& resource) {
    std::optional<auth::Actor> alice = auth::Actor{"alice", "dstok", std::nullopt, std::nullopt};
    return auth::allowed({}, c.permissions, {alice, action, resource});
}

}  // namespace

TEST_CASE("load_config: permission blocks at every level") {
    std::string path = write_file("permissions.json", R"json({
        "allow": {"id": ["alice", "bob"]},
        "allow_sql": {"id": "alice"},
        "permissions": {"debug-menu": {"id": "alice"}},
        "databases": {"rw": {
            "allow": true,
            "allow_sql": false,
            "permissions": {"create-table": {"id": "alice"}},
            "tables": {"tags": {"allow": {"id": "bob"}, "permissions": {"insert-row": true}}},
            "queries": {"q": {"sql": "select 1", "allow": false}, "plain": "select 2"}}}})json");
    Config c = load_config(path, "");
    const auth::PermissionRules& r = c.permissions;
    CHECK(r.allow.has_value());
    CHECK(r.allow_sql.has_value());
    CHECK(r.permissions.count("debug-menu") == 1);
    const auth::DatabaseRules& rw = r.databases.at("rw");
    CHECK(rw.allow->kind == auth::AllowBlock::Kind::Everyone);
    CHECK(rw.allow_sql->kind == auth::AllowBlock::Kind::NoOne);
    CHECK(rw.tables.at("tags").permissions.count("insert-row") == 1);
    CHECK(rw.queries.at("q").allow->kind == auth::AllowBlock::Kind::NoOne);
    CHECK_FALSE(rw.queries.at("plain").allow.has_value());

    CHECK(alice_may(c, "debug-menu", {}));
    CHECK(alice_may(c, "create-table", {"rw", {}}));
    CHECK_FALSE(alice_may(c, "execute-sql", {"rw", {}}));   // the database's allow_sql false wins
    CHECK(alice_may(c, "execute-sql", {"fixtures", {}}));   // the instance's allow_sql
    CHECK_FALSE(alice_may(c, "view-table", {"rw", "tags"}));  // the table is bob's
    CHECK(alice_may(c, "insert-row", {"rw", "tags"}));
    CHECK_FALSE(alice_may(c, "view-query", {"rw", "q"}));
}

TEST_CASE("load_config: metadata allow blocks replace the config file's") {
    std::string config_path = write_file("allow-config.json", R"({"allow": {"id": "bob"}, "allow_sql": false})");
    std::string metadata_path = write_file("allow-metadata.json", R"json({"title": "T", "allow": {"id": "alice"},
        "allow_sql": true, "permissions": {"create-table": true},
        "databases": {"rw": {"description": "D", "allow": false, "tables": {"tags": {"allow": {"id": "alice"}}}}}})json");
    Config c = load_config(config_path, metadata_path);
    CHECK(alice_may(c, "view-instance", {}));
    CHECK_FALSE(alice_may(c, "execute-sql", {"fixtures", {}}));  // allow_sql is not read from metadata
    CHECK_FALSE(alice_may(c, "create-table", {"fixtures", {}}));  // nor are permissions blocks
    CHECK_FALSE(alice_may(c, "view-database", {"rw", {}}));
    CHECK(alice_may(c, "view-table", {"fixtures", "tags"}));
    // Datasette moves the allow blocks out of the metadata.
    CHECK(c.metadata_json == R"({"title":"T","allow_sql":true,"permissions":{"create-table":true}})");
    CHECK(c.database("rw")->metadata_json == R"({"description":"D"})");
}

TEST_CASE("load_config: permission blocks of the wrong shape") {
    const std::string shape = "must be true, false or an object of actor keys to values or lists of values";
    CHECK(config_error(R"({"allow": "root"})") == "allow " + shape);
    CHECK(config_error(R"({"allow_sql": [true]})") == "allow_sql " + shape);
    CHECK(config_error(R"({"permissions": []})") == "permissions must be a JSON object");
    CHECK(config_error(R"({"permissions": {"insert-row": 1}})") == "permissions.insert-row " + shape);
    CHECK(config_error(R"({"databases": {"rw": {"allow": {"id": {"a": 1}}}}})") == "databases.rw.allow " + shape);
    CHECK(config_error(R"({"databases": {"rw": {"allow_sql": "x"}}})") == "databases.rw.allow_sql " + shape);
    CHECK(config_error(R"({"databases": {"rw": {"permissions": {"view-database": [[1]]}}}})") ==
          "databases.rw.permissions.view-database " + shape);
    CHECK(config_error(R"({"databases": {"rw": {"tables": {"tags": {"allow": 3}}}}})") ==
          "databases.rw.tables.tags.allow " + shape);
    CHECK(config_error(R"({"databases": {"rw": {"tables": {"tags": {"permissions": {"insert-row": "x"}}}}}})") ==
          "databases.rw.tables.tags.permissions.insert-row " + shape);
    CHECK(config_error(R"({"databases": {"rw": {"queries": {"q": {"sql": "select 1", "allow": []}}}}})") ==
          "databases.rw.queries.q.allow " + shape);
    CHECK(config_error(R"({"databases": {"rw": {"allow": {"id": ["a", 1, null]}}}})") == "no error");
}
