// In-process tests of the row write API (insert, upsert, update, delete) on a writable copy of
// the fixtures database: answers in the shapes of Datasette 1.0a33's recorded responses (the
// write-* groups of the conformance corpus), read back through the read API.
#include <doctest/doctest.h>

#include "support/other_process.h"
#include "support/write_app.h"

using namespace liteserve;
using namespace liteserve::testing;

TEST_CASE("insert: one row is returned with 201, several only when asked") {
    auto app = write_app();
    auto one = post(*app, "/fixtures/simple_primary_key/-/insert", R"({"row": {"content": "new row"}})");
    CHECK(one.status == 201);
    CHECK(one.body == R"({"ok": true, "rows": [{"id": 6, "content": "new row"}]})");
    auto many = post(*app, "/fixtures/simple_primary_key/-/insert",
                     R"({"rows": [{"content": "a"}, {"content": "b"}, {"id": 20, "content": "c"}]})");
    CHECK(many.status == 201);
    CHECK(many.body == R"({"ok": true})");
    auto returned = post(*app, "/fixtures/simple_primary_key/-/insert",
                         R"({"rows": [{"id": 30, "content": "late"}, {"id": 25, "content": "early"}], "return": true})");
    CHECK(returned.body == R"({"ok": true, "rows": [{"id": 25, "content": "early"}, {"id": 30, "content": "late"}]})");
    CHECK(get(*app, "/fixtures/simple_primary_key.json?_extra=count").at("count") == "11");
}

TEST_CASE("insert: ignore, replace and values of every JSON type") {
    auto app = write_app();
    auto ignored = post(*app, "/fixtures/simple_primary_key/-/insert",
                        R"({"rows": [{"id": 1, "content": "ignored"}, {"id": 40, "content": "kept"}], "ignore": true, "return": true})");
    CHECK(ignored.body == R"({"ok": true, "rows": [{"id": 40, "content": "kept"}]})");
    CHECK(get(*app, "/fixtures/simple_primary_key/1.json").at("rows/0/content") == R"("hello")");
    auto replaced = post(*app, "/fixtures/simple_primary_key/-/insert",
                         R"({"rows": [{"id": 1, "content": "replaced"}], "replace": true, "return": true})");
    CHECK(replaced.body == R"({"ok": true, "rows": [{"id": 1, "content": "replaced"}]})");
    auto typed = post(*app, "/fixtures/facetable/-/insert",
                      R"({"row": {"state": {"a": [1, 2]}, "tags": ["x", "y"], "on_earth": true, "planet_int": 1.5,
                                  "created": null, "n": "K\u0101k\u0101p\u014d"}})");
    CHECK(typed.status == 201);
    CHECK(typed.at("rows/0/state") == R"("{\"a\": [1, 2]}")");
    CHECK(typed.at("rows/0/tags") == R"("[\"x\", \"y\"]")");
    CHECK(typed.at("rows/0/on_earth") == "1");
    CHECK(typed.at("rows/0/planet_int") == "1.5");
    CHECK(typed.at("rows/0/created") == "null");
    CHECK(typed.body.find(R"("n": "K\u0101k\u0101p\u014d")") != std::string::npos);
}

TEST_CASE("insert: NaN, Infinity and -Infinity are JSON to Python's json.loads") {
    auto app = write_app();
    auto inserted = post(*app, "/fixtures/simple_primary_key/-/insert",
                         R"({"rows": [{"id": 50, "content": NaN}, {"id": 51, "content": Infinity}, {"id": 52, "content": -Infinity}], "return": true})");
    CHECK(inserted.status == 201);
    // SQLite stores NaN as NULL, and a TEXT column turns the infinities into its text for them.
    CHECK(inserted.body == R"({"ok": true, "rows": [{"id": 50, "content": null}, {"id": 51, "content": "Inf"}, )"
                           R"({"id": 52, "content": "-Inf"}]})");
}

TEST_CASE("insert: odd table names, rowid tables and compound keys") {
    auto app = write_app();
    CHECK(post(*app, "/fixtures/Table+With+Space+In+Name/-/insert", R"({"row": {"pk": "1", "content": "s"}})").body ==
          R"({"ok": true, "rows": [{"pk": "1", "content": "s"}]})");
    CHECK(post(*app, "/fixtures/table~2Fwith~2Fslashes~2Ecsv/-/insert", R"({"row": {"pk": "4", "content": "t"}})").status ==
          201);
    // As Datasette: inserted rows of rowid tables come back without their rowid.
    auto rowid = post(*app, "/fixtures/no_primary_key/-/insert", R"({"row": {"content": "c", "a": "a", "b": "b", "c": "c"}})");
    CHECK(rowid.body == R"({"ok": true, "rows": [{"content": "c", "a": "a", "b": "b", "c": "c"}]})");
    auto compound = post(*app, "/fixtures/compound_primary_key/-/insert", R"({"row": {"pk1": "x", "pk2": "y", "content": "z"}})");
    CHECK(compound.body == R"({"ok": true, "rows": [{"pk1": "x", "pk2": "y", "content": "z"}]})");
}

TEST_CASE("insert: alter adds the missing columns with sqlite-utils' types") {
    auto app = write_app();
    auto refused = post(*app, "/fixtures/simple_primary_key/-/insert", R"({"row": {"content": "x", "extra": 1}})");
    CHECK(refused.status == 400);
    CHECK(refused.errors() == R"(["Row 0 has invalid columns: extra"])");
    auto altered = post(*app, "/fixtures/simple_primary_key/-/insert",
                        R"({"row": {"content": "x", "extra": 1, "ratio": 0.5}, "alter": true})");
    CHECK(altered.status == 201);
    CHECK(altered.body == R"({"ok": true, "rows": [{"id": 6, "content": "x", "extra": 1, "ratio": 0.5}]})");
    CHECK(get(*app, "/fixtures/simple_primary_key.json?_extra=table_definition&_size=1").at("table_definition") ==
          R"("CREATE TABLE simple_primary_key (\n  id integer primary key,\n  content text\n, [extra] INTEGER, [ratio] FLOAT);")");
    // The row view's cached `select *` sees the new columns at once.
    CHECK(get(*app, "/fixtures/simple_primary_key/6.json").at("rows/0/ratio") == "0.5");
}

TEST_CASE("insert: with return, a new column takes the type of the first row that has it") {
    // Datasette inserts such rows one at a time (sqlite-utils then types a new column from
    // that one row); without return, insert_all types it from all the rows.
    auto app = write_app();
    auto returned = post(*app, "/fixtures/simple_primary_key/-/insert",
                         R"({"rows": [{"content": "a", "score": null}, {"content": "b", "score": 5}], "alter": true, "return": true})");
    CHECK(returned.status == 201);
    CHECK(returned.body ==
          R"({"ok": true, "rows": [{"id": 6, "content": "a", "score": null}, {"id": 7, "content": "b", "score": "5"}]})");
    auto bulk = post(*app, "/fixtures/simple_primary_key/-/insert",
                     R"({"rows": [{"content": "c", "level": null}, {"content": "d", "level": 5}], "alter": true})");
    CHECK(bulk.status == 201);
    CHECK(get(*app, "/fixtures/simple_primary_key.json?_extra=table_definition&_size=1").at("table_definition") ==
          R"("CREATE TABLE simple_primary_key (\n  id integer primary key,\n  content text\n, [score] TEXT, [level] INTEGER);")");
}

TEST_CASE("insert: max_insert_rows") {
    auto app = write_app({.settings = {{"max_insert_rows", "2"}}});
    auto refused = post(*app, "/fixtures/tags/-/insert", R"({"rows": [{"tag": "a"}, {"tag": "b"}, {"tag": "c"}]})");
    CHECK(refused.status == 400);
    CHECK(refused.errors() == R"(["Too many rows, maximum allowed is 2"])");
    CHECK(post(*app, "/fixtures/tags/-/insert", R"({"rows": [{"tag": "a"}, {"tag": "b"}]})").status == 201);
}

TEST_CASE("upsert: inserts or updates by key, 200, returns rows when asked") {
    auto app = write_app();
    auto upserted = post(*app, "/fixtures/simple_primary_key/-/upsert",
                         R"({"rows": [{"id": 1, "content": "changed"}, {"id": 50, "content": "new"}], "return": true})");
    CHECK(upserted.status == 200);
    CHECK(upserted.body == R"({"ok": true, "rows": [{"id": 1, "content": "changed"}, {"id": 50, "content": "new"}]})");
    CHECK(post(*app, "/fixtures/tags/-/upsert", R"({"rows": [{"tag": "u0"}, {"tag": "canine"}]})").body == R"({"ok": true})");
    CHECK(get(*app, "/fixtures/tags.json").at("rows") == R"([{"tag":"canine"},{"tag":"feline"},{"tag":"u0"}])");
    // Columns not given keep their values; rowid tables are keyed by rowid.
    auto rowid = post(*app, "/fixtures/no_primary_key/-/upsert", R"({"rows": [{"rowid": 1, "content": "up"}], "return": true})");
    CHECK(rowid.body == R"({"ok": true, "rows": [{"rowid": 1, "content": "up", "a": "a1", "b": "b1", "c": "c1"}]})");
}

TEST_CASE("upsert: Datasette's errors") {
    auto app = write_app();
    struct Case {
        std::string target, body, errors;
    };
    const std::vector<Case> cases = {
        {"simple_primary_key", R"({"rows": [{"content": "no pk"}]})", R"(["Row 0 is missing primary key column(s): \"id\""])"},
        {"simple_primary_key", R"({"rows": [{"id": 1}, {"content": "no pk"}]})",
         R"(["Row 1 is missing primary key column(s): \"id\""])"},
        {"compound_primary_key", R"({"rows": [{"pk1": "a", "content": "x"}]})",
         R"(["Row 0 is missing primary key column(s): \"pk2\""])"},
        {"simple_primary_key", R"({"rows": [{"id": null}]})", R"(["Row 0 has null primary key column(s): \"id\""])"},
        {"simple_primary_key", R"({"rows": [{"id": 1}], "ignore": true})", R"(["Upsert does not support ignore or replace"])"},
        {"simple_primary_key", R"({"rows": [{"id": 1}], "replace": true})", R"(["Upsert does not support ignore or replace"])"},
        {"simple_primary_key", R"({"rows": [{"id": 1, "nope": 1}]})", R"(["Row 0 has invalid columns: nope"])"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body);
        auto reply = post(*app, "/fixtures/" + c.target + "/-/upsert", c.body);
        CHECK(reply.status == 400);
        CHECK(reply.errors() == c.errors);
    }
    CHECK(get(*app, "/fixtures/simple_primary_key/1.json").at("rows/0/content") == R"("hello")");
}

TEST_CASE("update: changes columns, returns the row, tilde and rowid keys") {
    auto app = write_app();
    CHECK(post(*app, "/fixtures/simple_primary_key/1/-/update", R"({"update": {"content": "changed"}})").body == R"({"ok": true})");
    CHECK(get(*app, "/fixtures/simple_primary_key/1.json").at("rows/0/content") == R"("changed")");
    CHECK(post(*app, "/fixtures/simple_primary_key/2/-/update", R"({"update": {"content": "c2"}, "return": true})").body ==
          R"({"ok": true, "row": {"id": 2, "content": "c2"}})");
    CHECK(post(*app, "/fixtures/compound_primary_key/a~2Fb,~2Ec-d/-/update", R"({"update": {"content": "t"}, "return": true})")
              .body == R"({"ok": true, "row": {"pk1": "a/b", "pk2": ".c-d", "content": "t"}})");
    CHECK(post(*app, "/fixtures/no_primary_key/1/-/update", R"({"update": {"content": "r1"}, "return": true})").body ==
          R"({"ok": true, "row": {"rowid": 1, "content": "r1", "a": "a1", "b": "b1", "c": "c1"}})");
    // Column names are matched as SQLite matches them; an empty update changes nothing.
    CHECK(post(*app, "/fixtures/simple_primary_key/3/-/update", R"({"update": {"CONTENT": "u"}})").status == 200);
    CHECK(post(*app, "/fixtures/simple_primary_key/3/-/update", R"({"update": {}, "return": true})").body ==
          R"({"ok": true, "row": {"id": 3, "content": "u"}})");
}

TEST_CASE("update: a new primary key comes back under that key (Datasette answers 500)") {
    auto app = write_app();
    auto renamed = post(*app, "/fixtures/tags/canine/-/update", R"({"update": {"tag": "dog"}, "return": true})");
    CHECK(renamed.status == 200);
    CHECK(renamed.body == R"({"ok": true, "row": {"tag": "dog"}})");
    CHECK(get(*app, "/fixtures/tags.json").at("rows") == R"([{"tag":"dog"},{"tag":"feline"}])");
    auto moved = post(*app, "/fixtures/simple_primary_key/1/-/update", R"({"update": {"id": "77"}, "return": true})");
    CHECK(moved.body == R"({"ok": true, "row": {"id": 77, "content": "hello"}})");
}

TEST_CASE("update: alter, unknown columns and keys, missing rows") {
    auto app = write_app();
    auto altered = post(*app, "/fixtures/simple_primary_key/1/-/update", R"({"update": {"n": [1]}, "alter": true, "return": true})");
    CHECK(altered.body == R"({"ok": true, "row": {"id": 1, "content": "hello", "n": "[1]"}})");
    auto unknown = post(*app, "/fixtures/simple_primary_key/1/-/update", R"({"update": {"nope": 1}})");
    CHECK(unknown.status == 400);
    CHECK(unknown.errors() == R"(["no such column: nope"])");
    CHECK(post(*app, "/fixtures/simple_primary_key/1/-/update", R"({"update": {}, "x": 1, "b": 2})").errors() ==
          R"(["Invalid keys: b, x"])");
    CHECK(post(*app, "/fixtures/simple_primary_key/1/-/update", R"({"update": 5})").errors() ==
          R"(["JSON must contain an update dictionary"])");
    // sqlite-utils' validate_column_names runs before any SQL, alter or not.
    for (const char* body : {R"({"update": {"a[b]": 1}})", R"({"update": {"x]": 1}, "alter": true})"}) {
        CAPTURE(body);
        auto bracketed = post(*app, "/fixtures/simple_primary_key/1/-/update", body);
        CHECK(bracketed.status == 400);
        CHECK(bracketed.errors() == R"(["'[' and ']' cannot be used in column names"])");
    }
    auto missing = post(*app, "/fixtures/simple_primary_key/99/-/update", R"({"update": {"content": "x"}})");
    CHECK(missing.status == 404);
    CHECK(missing.errors() == R"(["Record not found: ['99']"])");
    CHECK(post(*app, "/fixtures/compound_primary_key/a/-/update", R"({"update": {}})").errors() == R"(["Record not found: ['a']"])");
}

TEST_CASE("delete: by key, by rowid, by tilde-encoded compound key; then 404") {
    auto app = write_app();
    auto deleted = post(*app, "/fixtures/tags/feline/-/delete", "");
    CHECK(deleted.status == 200);
    CHECK(deleted.body == R"({"ok": true})");
    CHECK(post(*app, "/fixtures/no_primary_key/1/-/delete", "").status == 200);
    CHECK(post(*app, "/fixtures/compound_primary_key/a~2Fb,~2Ec-d/-/delete", "").status == 200);
    CHECK(get(*app, "/fixtures/tags.json").at("rows") == R"([{"tag":"canine"}])");
    CHECK(get(*app, "/fixtures/compound_primary_key.json").at("rows/1/pk1") == R"("d")");
    auto again = post(*app, "/fixtures/tags/feline/-/delete", "");
    CHECK(again.status == 404);
    CHECK(again.errors() == R"(["Record not found: ['feline']"])");
    // Foreign keys are not enforced, as in Datasette: searchable_tags still references it.
    CHECK(post(*app, "/fixtures/tags/canine/-/delete", "").status == 200);
}

TEST_CASE("writes follow schema changes made by another process since the server last read it") {
    auto app = write_app();
    std::string quoted_path = get(*app, "/-/databases.json").at("0/path");
    std::string path = quoted_path.substr(1, quoted_path.size() - 2);
    exec_in_other_process(path, "create table made_outside (id integer primary key, name text);"
                                "alter table simple_primary_key add column extra text;"
                                "drop table facet_cities;");
    // Gone since the server's schema was read: 404, whichever write asks first.
    auto dropped = post(*app, "/fixtures/facet_cities/-/drop", R"({"confirm": true})");
    CHECK(dropped.status == 404);
    CHECK(dropped.errors() == R"(["Table not found"])");
    auto inserted_into_gone = post(*app, "/fixtures/facet_cities/-/insert", R"({"row": {"name": "x"}})");
    CHECK(inserted_into_gone.status == 404);
    // A column added outside is accepted; a table created outside is found.
    auto extra = post(*app, "/fixtures/simple_primary_key/-/insert", R"({"row": {"id": 50, "extra": "e"}, "return": true})");
    CHECK(extra.status == 201);
    CHECK(extra.at("rows/0/extra") == R"("e")");
    auto created = post(*app, "/fixtures/made_outside/-/insert", R"({"row": {"name": "n"}})");
    CHECK(created.status == 201);
    CHECK(created.body == R"({"ok": true, "rows": [{"id": 1, "name": "n"}]})");
    exec_in_other_process(path, "alter table simple_primary_key add column later text");
    auto upserted = post(*app, "/fixtures/simple_primary_key/-/upsert", R"({"row": {"id": 1, "later": "l"}, "return": true})");
    CHECK(upserted.status == 200);
    CHECK(upserted.at("rows/0/later") == R"("l")");
    auto unknown = post(*app, "/fixtures/simple_primary_key/-/insert", R"({"row": {"nope": 1}})");
    CHECK(unknown.status == 400);
    CHECK(unknown.errors() == R"(["Row 0 has invalid columns: nope"])");
}
