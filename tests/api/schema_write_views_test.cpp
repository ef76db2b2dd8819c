// In-process tests for the schema and SQL write endpoints (create_view.cpp, drop_view.cpp,
// execute_write_view.cpp): an App with --root over a fresh writable copy of the fixtures
// (named rw, as in the conformance corpus) answers POSTs signed with root tokens, restricted
// tokens or none. Expected bodies are Datasette 1.0a33's (write-create.*, write-drop.*,
// write-execute.*, write-auth.execute-write-permissions.*).
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/app.h"
#include "auth/tokens.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;
using liteserve::testing::make_request;

namespace {

constexpr const char* kSecret = "s3cret";

std::unique_ptr<app::App> make_app(bool immutable = false) {
    std::string path = liteserve::testing::temp_dir() + "/rw.db";
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), path);
    app::AppOptions options;
    options.files.push_back({path, immutable});
    options.root = true;
    options.secret = kSecret;
    return std::make_unique<app::App>(std::move(options));
}

// "Bearer dstok_…" for root, restricted when `restrictions` is given.
std::string bearer(std::optional<auth::Restrictions> restrictions = std::nullopt) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    return "Bearer " + auth::create_token({"root", now.count(), std::nullopt, std::move(restrictions)}, kSecret);
}

Response post(const app::App& app, const std::string& target, std::string body,
              std::optional<std::string> authorization = bearer()) {
    liteserve::testing::Headers headers = {{"content-type", "application/json"}};
    if (authorization) headers.emplace_back("authorization", *authorization);
    Request r = make_request("POST", target, std::move(headers), std::move(body));
    return app.handle(r);
}

Response get(const app::App& app, const std::string& target, std::optional<std::string> authorization = {}) {
    liteserve::testing::Headers headers;
    if (authorization) headers.emplace_back("authorization", *authorization);
    Request r = make_request("GET", target, std::move(headers));
    return app.handle(r);
}

std::string url_encoded(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '_' || c == '-' || c == '.') out += static_cast<char>(c);
        else out.append("%").append(1, hex[c >> 4]).append(1, hex[c & 15]);
    }
    return out;
}

// The rows of a read-only query, as a JSON array of objects.
std::string rows_of(const app::App& app, const std::string& sql) {
    return get(app, "/rw/-/query.json?_shape=array&sql=" + url_encoded(sql)).body;
}

auth::Restrictions allowing(std::initializer_list<const char*> actions) {
    auth::Restrictions r;
    for (const char* action : actions) r.allow_all(action);
    return r;
}

}  // namespace

TEST_CASE("POST /db/-/create from columns: 201 with the stored schema; again: SQLite's error") {
    auto app = make_app();
    Response created = post(*app, "/rw/-/create",
                            R"({"table": "dogs", "columns": [{"name": "id", "type": "integer"}, {"name": "name", "type": "text"},
                                {"name": "weight", "type": "float"}, {"name": "photo", "type": "blob"}], "pk": "id"})");
    CHECK(created.status == 201);
    CHECK(created.body ==
          R"({"ok": true, "database": "rw", "table": "dogs", "table_url": "http://localhost/rw/dogs", )"
          R"("table_api_url": "http://localhost/rw/dogs.json", "schema": "CREATE TABLE [dogs] (\n   [id] INTEGER PRIMARY KEY,\n)"
          R"j(   [name] TEXT,\n   [weight] FLOAT,\n   [photo] BLOB\n)"})j");
    CHECK(rows_of(*app, "select count(*) as n from dogs") == R"([{"n": 0}])");
    Response again = post(*app, "/rw/-/create", R"({"table": "dogs", "columns": [{"name": "id", "type": "integer"}]})");
    CHECK(again.status == 400);
    CHECK(again.body == R"({"ok": false, "errors": ["table [dogs] already exists"]})");
    // Python's json.loads keeps the last of repeated keys.
    Response repeated = post(*app, "/rw/-/create", R"({"table": "first", "table": "second", "columns": [{"name": "id"}]})");
    CHECK(repeated.status == 201);
    CHECK(rows_of(*app, "select name from sqlite_master where name in ('first', 'second')") == R"([{"name": "second"}])");
    Response bracketed = post(*app, "/rw/-/create", R"({"table": "cats", "columns": [{"name": "a[1]", "type": "integer"}]})");
    CHECK(bracketed.status == 400);
    CHECK(bracketed.body == R"({"ok": false, "errors": ["'[' and ']' cannot be used in column names"]})");
    CHECK(rows_of(*app, "select count(*) as n from sqlite_master where name = 'cats'") == R"([{"n": 0}])");
}

TEST_CASE("POST /db/-/create from rows: types guessed, then ignore, replace and alter on the existing table") {
    auto app = make_app();
    Response created = post(*app, "/rw/-/create",
                            R"({"table": "creatures", "rows": [{"id": 1, "name": "Tarantula"}, {"id": 2, "name": "Kākāpō", "weight": 2.5}], "pk": "id"})");
    CHECK(created.status == 201);
    CHECK(created.body.find(R"j("schema": "CREATE TABLE [creatures] (\n   [id] INTEGER PRIMARY KEY,\n   [name] TEXT,\n   [weight] FLOAT\n)", "row_count": 2})j") !=
          std::string::npos);
    Response duplicate = post(*app, "/rw/-/create", R"({"table": "creatures", "rows": [{"id": 1, "name": "dup"}], "pk": "id"})");
    CHECK(duplicate.status == 400);
    CHECK(duplicate.body == R"({"ok": false, "errors": ["UNIQUE constraint failed: creatures.id"]})");
    CHECK(post(*app, "/rw/-/create", R"({"table": "creatures", "rows": [{"id": 1, "name": "dup"}, {"id": 3, "name": "Ant"}], "pk": "id", "ignore": true})")
              .status == 201);
    CHECK(post(*app, "/rw/-/create", R"({"table": "creatures", "rows": [{"id": 1, "name": "Spider"}], "pk": "id", "replace": true})")
              .status == 201);
    Response no_alter = post(*app, "/rw/-/create", R"({"table": "creatures", "rows": [{"id": 4, "legs": 6}], "pk": "id"})");
    CHECK(no_alter.body == R"({"ok": false, "errors": ["table creatures has no column named legs"]})");
    Response altered = post(*app, "/rw/-/create", R"({"table": "creatures", "rows": [{"id": 4, "legs": 6}], "pk": "id", "alter": true})");
    CHECK(altered.status == 201);
    CHECK(altered.body.find(R"j([weight] FLOAT\n, [legs] INTEGER)")j") != std::string::npos);
    CHECK(rows_of(*app, "select id, name, legs from creatures order by id") ==
          R"([{"id": 1, "name": "Spider", "legs": null}, {"id": 2, "name": "K\u0101k\u0101p\u014d", "legs": null}, )"
          R"({"id": 3, "name": "Ant", "legs": null}, {"id": 4, "name": null, "legs": 6}])");
}

TEST_CASE("POST /db/-/create is all or nothing: a failing row leaves no table") {
    auto app = make_app();
    Response failed = post(*app, "/rw/-/create", R"({"table": "pets", "rows": [{"id": 1}, {"id": 1}], "pk": "id"})");
    CHECK(failed.status == 400);
    CHECK(failed.body == R"({"ok": false, "errors": ["UNIQUE constraint failed: pets.id"]})");
    CHECK(rows_of(*app, "select count(*) as n from sqlite_master where name = 'pets'") == R"([{"n": 0}])");
}

TEST_CASE("POST /db/-/create: Datasette's messages for bad bodies") {
    auto app = make_app();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"table": "t", "columns": [{"name": "a"}], "nope": 1, "also": 2})", "Invalid keys: also, nope"},
        {R"([1])", "JSON must be an object"},
        {R"({"columns": [{"name": "a"}]})", "Table is required"},
        {R"({"table": "sqlite_x", "columns": [{"name": "a"}]})", "Invalid table name"},
        {R"({"table": "t"})", "columns, rows or row is required"},
        {R"({"table": "t", "row": {"a": 1}, "rows": [{"a": 1}]})", "Cannot specify both rows and row"},
        {R"({"table": "t", "row": {"a": 1}, "columns": [{"name": "a"}]})", "Cannot specify columns with rows or row"},
        {R"({"table": "t", "columns": {"name": "a"}})", "columns must be a list"},
        {R"({"table": "t", "columns": [1]})", "columns must be a list of objects"},
        {R"({"table": "t", "columns": [{"type": "text"}]})", "Column name is required"},
        {R"({"table": "t", "columns": [{"name": "a", "type": "date"}]})", "Unsupported column type: date"},
        {R"({"table": "t", "columns": [{"name": "a"}, {"name": "a", "type": "text"}]})", "Duplicate column name: a"},
        {R"({"table": "t", "rows": {"a": 1}})", "rows must be a list"},
        {R"({"table": "t", "rows": [1]})", "rows must be a list of objects"},
        {R"({"table": "t", "rows": [{}], "pk": "id"})", "Row 0 has no columns"},
        {"", "Invalid JSON: Expecting value: line 1 column 1 (char 0)"},
        {R"({"table": "t", "columns": [{"name": "a"}], "pk": "a", "pks": ["a"]})", "Cannot specify both pk and pks"},
        {R"({"table": "t", "columns": [{"name": "a"}], "pk": 1})", "pk must be a string"},
        {R"({"table": "t", "columns": [{"name": "a"}], "pks": "a"})", "pks must be a list"},
        {R"({"table": "t", "columns": [{"name": "a"}], "pks": [1]})", "pks must be a list of strings"},
        {R"({"table": "t", "rows": [{"a": 1}], "ignore": true, "replace": true, "pk": "a"})",
         "ignore and replace are mutually exclusive"},
        {R"({"table": "t", "columns": [{"name": "a"}], "ignore": true})", "ignore and replace require row or rows"},
        {R"({"table": "t", "rows": [{"a": 1}], "ignore": true})", "ignore and replace require pk or pks"},
        {R"({"table": "facetable", "rows": [{"pk": 99}], "pk": "state"})", "pk cannot be changed for existing table"},
    };
    for (const auto& [body, error] : cases) {
        CAPTURE(body);
        Response r = post(*app, "/rw/-/create", body);
        CHECK(r.status == 400);
        CHECK(r.body == R"({"ok": false, "errors": [")" + error + R"("]})");
    }
}

TEST_CASE("POST /db/-/create: create-table, then insert-row, update-row and alter-table on the database") {
    auto app = make_app();
    auto denied = [&](const std::string& body, std::optional<std::string> who) {
        return post(*app, "/rw/-/create", body, std::move(who)).body;
    };
    std::string columns = R"({"table": "x", "columns": [{"name": "a"}]})";
    CHECK(denied(columns, std::nullopt) == R"({"ok": false, "errors": ["Permission denied"]})");
    CHECK(denied(columns, bearer(allowing({"ir"}))) == R"({"ok": false, "errors": ["Permission denied"]})");
    CHECK(denied(R"({"table": "x", "rows": [{"a": 1}]})", bearer(allowing({"ct"}))) ==
          R"({"ok": false, "errors": ["Permission denied: need insert-row"]})");
    CHECK(denied(R"({"table": "x", "rows": [{"a": 1}], "pk": "a", "replace": true})", bearer(allowing({"ct", "ir"}))) ==
          R"({"ok": false, "errors": ["Permission denied: need update-row"]})");
    CHECK(denied(R"({"table": "tags", "rows": [{"tag": "t", "x": 1}], "alter": true})", bearer(allowing({"ct", "ir"}))) ==
          R"({"ok": false, "errors": ["Permission denied: need alter-table"]})");
    CHECK(post(*app, "/rw/-/create", columns, bearer(allowing({"ct"}))).status == 201);
}

TEST_CASE("POST /db/table/-/drop asks for confirmation, then drops") {
    auto app = make_app();
    Response ask = post(*app, "/rw/facetable/-/drop", "{}");
    CHECK(ask.status == 200);
    CHECK(ask.body == R"({"ok": true, "database": "rw", "table": "facetable", "row_count": 15, "message": "Pass \"confirm\": true to confirm"})");
    CHECK(post(*app, "/rw/facetable/-/drop", "not json").status == 200);
    CHECK(rows_of(*app, "select count(*) as n from facetable") == R"([{"n": 15}])");
    Response dropped = post(*app, "/rw/facetable/-/drop", R"({"confirm": true})");
    CHECK(dropped.status == 200);
    CHECK(dropped.body == R"({"ok": true})");
    CHECK(get(*app, "/rw/facetable.json").status == 404);
    CHECK(post(*app, "/rw/table~2Fwith~2Fslashes~2Ecsv/-/drop", R"({"confirm": true})").body == R"({"ok": true})");
}

TEST_CASE("POST /db/table/-/drop: 404s, permission and immutability in Datasette's order") {
    auto app = make_app();
    auto drop = [&](const std::string& target, std::optional<std::string> who = bearer()) {
        Response r = post(*app, target, R"({"confirm": true})", std::move(who));
        return std::to_string(r.status) + " " + r.body;
    };
    CHECK(drop("/rw/nope/-/drop") == R"(404 {"ok": false, "errors": ["Table not found"]})");
    CHECK(drop("/rw/simple_view/-/drop") == R"(404 {"ok": false, "errors": ["Table not found: simple_view"]})");
    CHECK(drop("/nope/tags/-/drop") == R"(404 {"ok": false, "errors": ["Database not found"]})");
    CHECK(drop("/rw/tags/-/drop", std::nullopt) == R"(403 {"ok": false, "errors": ["Permission denied"]})");
    auto immutable = make_app(true);
    CHECK(post(*immutable, "/rw/tags/-/drop", R"({"confirm": true})").body ==
          R"({"ok": false, "errors": ["Database is immutable"]})");
}

TEST_CASE("POST /db/-/execute-write: rows affected, the analysis, and Datasette's framing headers") {
    auto app = make_app();
    Response inserted = post(*app, "/rw/-/execute-write", R"j({"sql": "insert into tags (tag) values (:t)", "params": {"t": "bovine"}})j");
    CHECK(inserted.status == 200);
    CHECK(inserted.body ==
          R"({"ok": true, "message": "Query executed, 1 row affected", "rowcount": 1, "rows": [], "truncated": false, )"
          R"("analysis": [{"operation": "insert", "database": "rw", "table": "tags", "required_permission": "insert-row, update-row, delete-row", "source": null}]})");
    CHECK(liteserve::testing::header_of(inserted, "x-frame-options") == "DENY");
    CHECK(liteserve::testing::header_of(inserted, "content-security-policy") == "frame-ancestors 'none'");
    Response many = post(*app, "/rw/-/execute-write", R"j({"sql": "update facetable set state = :s where state = :o", "params": {"s": "XX", "o": "MI"}})j");
    CHECK(many.body.find(R"("message": "Query executed, 4 rows affected", "rowcount": 4)") != std::string::npos);
    Response ddl = post(*app, "/rw/-/execute-write", R"j({"sql": "create table made_by_sql (a integer, b text)"})j");
    CHECK(ddl.body ==
          R"({"ok": true, "message": "Query executed", "rowcount": -1, "rows": [], "truncated": false, )"
          R"("analysis": [{"operation": "create", "database": "rw", "table": "made_by_sql", "required_permission": "create-table", "source": null}]})");
    CHECK(rows_of(*app, "select count(*) as n from tags where tag = 'bovine'") == R"([{"n": 1}])");
}

TEST_CASE("POST /db/-/execute-write: RETURNING rows, at most 10 with truncated") {
    auto app = make_app();
    Response one = post(*app, "/rw/-/execute-write", R"j({"sql": "insert into tags (tag) values (:t) returning *", "params": {"t": "ovine"}})j");
    CHECK(one.body.find(R"("rowcount": 1, "rows": [{"tag": "ovine"}], "truncated": false)") != std::string::npos);
    Response capped = post(*app, "/rw/-/execute-write",
                           R"({"sql": "update compound_three_primary_keys set content = upper(content) where pk1 = 'a' returning pk3"})");
    CHECK(capped.body.find(R"("message": "Query executed", "rowcount": -1, "rows": [{"pk3": "a"}, {"pk3": "b"}, {"pk3": "c"}, )"
                           R"({"pk3": "d"}, {"pk3": "e"}, {"pk3": "f"}, {"pk3": "g"}, {"pk3": "h"}, {"pk3": "i"}, {"pk3": "j"}], "truncated": true)") !=
          std::string::npos);
    // Every row was changed, not only the ten returned.
    CHECK(rows_of(*app, "select count(*) as n from compound_three_primary_keys where pk1 = 'a' and content = upper(content)") ==
          rows_of(*app, "select count(*) as n from compound_three_primary_keys where pk1 = 'a'"));
}

TEST_CASE("POST /db/-/execute-write refuses VACUUM, ATTACH, PRAGMA, transactions and virtual/shadow table writes") {
    auto app = make_app();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"vacuum", R"(403 {"ok": false, "errors": ["VACUUM is not allowed in user-supplied SQL"]})"},
        {"attach database 'x.db' as x", R"(403 {"ok": false, "errors": ["Unsupported SQL operation: attach database"]})"},
        {"detach database x", R"(403 {"ok": false, "errors": ["Unsupported SQL operation: detach database"]})"},
        {"pragma user_version = 3", R"(403 {"ok": false, "errors": ["Unsupported SQL operation: pragma pragma"]})"},
        {"commit", R"(403 {"ok": false, "errors": ["Unsupported SQL operation: commit transaction"]})"},
        {"insert into searchable_fts (text1) values ('x')",
         R"(403 {"ok": false, "errors": ["Writes to virtual tables are not allowed in user-supplied SQL"]})"},
        {"delete from searchable_fts_data",
         R"(403 {"ok": false, "errors": ["Writes to shadow tables are not allowed in user-supplied SQL"]})"},
        {"create temp table scratch (a)", R"(403 {"ok": false, "errors": ["Writable queries may not access attached databases"]})"},
        {"select 1", R"(400 {"ok": false, "errors": ["Use /-/query for read-only SQL; this endpoint only executes writes"]})"},
        {"insert into tags values ('a'); insert into tags values ('b')",
         R"(400 {"ok": false, "errors": ["Could not analyze query: You can only execute one statement at a time."]})"},
        {"insert into nope values (1)", R"(400 {"ok": false, "errors": ["Could not analyze query: no such table: nope"]})"},
        {"insert into tags values (:_now)", R"(400 {"ok": false, "errors": ["Magic parameters are not allowed"]})"},
    };
    for (const auto& [sql, expected] : cases) {
        CAPTURE(sql);
        Response r = post(*app, "/rw/-/execute-write", R"({"sql": ")" + sql + R"("})");
        CHECK(std::to_string(r.status) + " " + r.body == expected);
    }
    CHECK(post(*app, "/rw/-/execute-write", R"j({"sql": "insert into tags values (:a)", "params": {"a": 1, "b": 2}})j").body ==
          R"({"ok": false, "errors": ["Unknown parameters: b"]})");
    CHECK(post(*app, "/rw/-/execute-write", R"j({"sql": "insert into tags values (1)", "x": 1})j").body ==
          R"({"ok": false, "errors": ["Invalid keys: x"]})");
    CHECK(post(*app, "/rw/-/execute-write", R"({})").body == R"({"ok": false, "errors": ["SQL is required"]})");
    // Datasette reads an empty JSON body here as {} (json.loads(body or b"{}")).
    CHECK(post(*app, "/rw/-/execute-write", "").body == R"({"ok": false, "errors": ["SQL is required"]})");
}

TEST_CASE("POST /db/-/execute-write needs execute-write-sql, then each operation's permissions") {
    auto app = make_app();
    std::string insert = R"j({"sql": "insert into tags values (:t)", "params": {"t": "d"}})j";
    auto as = [&](std::optional<std::string> who) {
        Response r = post(*app, "/rw/-/execute-write", insert, std::move(who));
        return std::to_string(r.status) + " " + r.body;
    };
    CHECK(as(std::nullopt) == R"(403 {"ok": false, "errors": ["Permission denied: need execute-write-sql"]})");
    CHECK(as(bearer(allowing({"execute-write-sql"}))) ==
          R"(403 {"ok": false, "errors": ["Permission denied: need execute-write-sql"]})");
    CHECK(as(bearer(allowing({"execute-write-sql", "vd"}))) ==
          R"(403 {"ok": false, "errors": ["Permission denied: need insert-row on rw/tags"]})");
    CHECK(as(bearer(allowing({"execute-write-sql", "vd", "ir"}))) ==
          R"(403 {"ok": false, "errors": ["Permission denied: need update-row on rw/tags"]})");
    CHECK(as(bearer(allowing({"execute-write-sql", "vd", "ir", "ur", "dr"}))).rfind("200 ", 0) == 0);
    auth::Restrictions scoped;
    scoped.allow_database("rw", "execute-write-sql");
    scoped.allow_database("rw", "vd");
    for (const char* action : {"ir", "ur", "dr"}) scoped.allow_resource("rw", "tags", action);
    Response other = post(*app, "/rw/-/execute-write", R"({"sql": "delete from facet_cities"})", bearer(scoped));
    CHECK(other.body == R"({"ok": false, "errors": ["Permission denied: need delete-row on rw/facet_cities"]})");
    // Datasette's _block_framing covers the refusals too, not only the successes.
    for (const Response& refused : {other, post(*app, "/rw/-/execute-write", insert), post(*app, "/rw/-/execute-write", "{}")}) {
        CHECK(liteserve::testing::header_of(refused, "x-frame-options") == "DENY");
        CHECK(liteserve::testing::header_of(refused, "content-security-policy") == "frame-ancestors 'none'");
    }
    CHECK(rows_of(*app, "select tag from tags order by tag") == R"([{"tag": "canine"}, {"tag": "d"}, {"tag": "feline"}])");
}

TEST_CASE("POST /db/-/execute-write is all or nothing: a statement failing half-way changes nothing") {
    auto app = make_app();
    Response failed = post(*app, "/rw/-/execute-write", R"({"sql": "insert into tags select 'zebra' union all select 'canine'"})");
    CHECK(failed.status == 400);
    CHECK(failed.body == R"({"ok": false, "errors": ["UNIQUE constraint failed: tags.tag"]})");
    CHECK(rows_of(*app, "select tag from tags order by tag") == R"([{"tag": "canine"}, {"tag": "feline"}])");
}

TEST_CASE("GET /db/-/execute-write: 403 unless permitted; no form, so permitted actors are told to POST") {
    auto app = make_app();
    CHECK(get(*app, "/rw/-/execute-write").status == 403);
    Response root = get(*app, "/rw/-/execute-write", bearer());
    CHECK(root.status == 405);
    CHECK(liteserve::testing::header_of(root, "allow") == "POST");
    auto immutable = make_app(true);
    Response refused = get(*immutable, "/rw/-/execute-write", bearer());
    CHECK(refused.status == 403);
    CHECK(refused.body == R"({"ok": false, "errors": ["Cannot execute write SQL because this database is immutable."]})");
    CHECK(post(*immutable, "/rw/-/execute-write", R"({"sql": "delete from tags"})").body ==
          R"({"ok": false, "errors": ["Database is immutable"]})");
}
