// Tests for src/api/create_request.cpp: what a /db/-/create body becomes (the request's own
// messages are checked end to end in schema_write_views_test.cpp), with the table's existence
// and the actor's permissions supplied by the test.
#include "api/create_request.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "api/write_body.h"

using namespace liteserve;
using namespace liteserve::api;

namespace {

db::Table existing_table(std::vector<std::string> pks) {
    db::Table t;
    t.name = "t";
    t.primary_keys = std::move(pks);
    for (const auto& pk : t.primary_keys) {
        db::Column c;
        c.name = pk;
        t.columns.push_back(c);
    }
    return t;
}

// Parses `json` with the table existing (keyed by `pks`) or not, and `granted` actions.
CreateRequest parse(const std::string& json, std::optional<std::vector<std::string>> pks = std::nullopt,
                    std::set<std::string> granted = {"insert-row", "update-row", "alter-table"}) {
    rapidjson::Document body;
    body.Parse(json.c_str());
    REQUIRE(body.IsObject());
    CreateChecks checks{
        [granted](std::string_view action) { return granted.count(std::string(action)) > 0; },
        [pks](const std::string&) -> std::optional<db::Table> {
            if (!pks) return std::nullopt;
            return existing_table(*pks);
        }};
    return parse_create_request(body, checks);
}

std::string failure(const std::string& json, std::optional<std::vector<std::string>> pks = std::nullopt,
                    std::set<std::string> granted = {"insert-row", "update-row", "alter-table"}) {
    try {
        parse(json, std::move(pks), std::move(granted));
    } catch (const WriteFailure& e) {
        return std::to_string(e.status()) + " " + e.errors().front();
    }
    return "(no failure)";
}

}  // namespace

TEST_CASE("parse_create_request: columns, keys and flags of a new table") {
    auto r = parse(R"({"table": "t", "columns": [{"name": "id", "type": "integer"}, {"name": "n", "type": ""}], "pks": ["id", "n"]})");
    CHECK(r.table == "t");
    CHECK(r.columns == std::vector<db::ColumnSpec>{{"id", "INTEGER"}, {"n", "TEXT"}});
    CHECK(r.pks == std::vector<std::string>{"id", "n"});
    CHECK_FALSE(r.existing);
    CHECK_FALSE(r.alter);
    // Same name, different definitions: not a duplicate for Datasette (the last type wins later).
    CHECK(parse(R"({"table": "t", "columns": [{"name": "a"}, {"name": "a", "type": "integer"}]})").columns.size() == 2);
}

TEST_CASE("parse_create_request: rows create the table with alter on; an existing table keeps its keys") {
    auto created = parse(R"({"table": "t", "row": {"a": 1, "b": "x"}, "pk": "a"})");
    CHECK(created.rows.size() == 1);
    CHECK(created.rows[0].columns == std::vector<std::string>{"a", "b"});
    CHECK(created.pks == std::vector<std::string>{"a"});
    CHECK(created.alter);
    auto existing = parse(R"({"table": "t", "rows": [{"a": 1}]})", std::vector<std::string>{"a"});
    CHECK(existing.existing);
    CHECK(existing.pks == std::vector<std::string>{"a"});
    CHECK_FALSE(existing.alter);
    CHECK(parse(R"({"table": "t", "rows": [{"a": 1}], "alter": 1})", std::vector<std::string>{"a"}).alter);
    // A rowid table has no keys of its own: the request's pk is kept.
    CHECK(parse(R"({"table": "t", "rows": [{"a": 1}], "pk": "a"})", std::vector<std::string>{}).pks ==
          std::vector<std::string>{"a"});
    CHECK(failure(R"({"table": "t", "rows": [{"a": 1}], "pks": ["b", "c"]})", std::vector<std::string>{"a", "b"}) ==
          "400 pk cannot be changed for existing table");
    CHECK(failure(R"({"table": "t", "rows": [{"a": 1}], "pks": ["b", "a"]})", std::vector<std::string>{"a", "b"}) ==
          "(no failure)");
}

TEST_CASE("parse_create_request: permissions are asked where Datasette asks them") {
    // update-row is checked before the table name, insert-row before the columns.
    CHECK(failure(R"({"rows": [{"a": 1}], "pk": "a", "replace": true})", std::nullopt, {"insert-row"}) ==
          "403 Permission denied: need update-row");
    CHECK(failure(R"({"table": "t", "rows": 5})", std::nullopt, {}) == "403 Permission denied: need insert-row");
    // alter-table only matters for a table that exists.
    CHECK(failure(R"({"table": "t", "rows": [{"a": 1}], "alter": true})", std::nullopt, {"insert-row"}) == "(no failure)");
    CHECK(failure(R"({"table": "t", "rows": [{"a": 1}], "alter": true})", std::vector<std::string>{}, {"insert-row"}) ==
          "403 Permission denied: need alter-table");
}

TEST_CASE("valid_table_name: Datasette's ^(?!sqlite_)[^\\n]+$") {
    CHECK(valid_table_name("dogs"));
    CHECK(valid_table_name("Sqlite_ok"));
    CHECK(valid_table_name("a table/with.odd chars"));
    CHECK(valid_table_name("trailing\n"));
    CHECK_FALSE(valid_table_name("sqlite_master"));
    CHECK_FALSE(valid_table_name("two\nlines"));
    CHECK_FALSE(valid_table_name("\n"));
    CHECK_FALSE(valid_table_name(""));
}
