// Tables for src/db/row_writes.cpp: the SQL text of each write statement for plain and odd
// names, and what the statements do on a real connection (changed-row counts, rowids, upsert
// and ADD COLUMN as SQLite stores it).
#include "db/row_writes.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "db/cursor.h"

using namespace liteserve::db;

namespace {

struct SqlCase {
    std::string built;
    std::string expected;
};

using Names = std::vector<std::string>;

void check_all(const std::vector<SqlCase>& cases) {
    for (const auto& c : cases) {
        CAPTURE(c.expected);
        CHECK(c.built == c.expected);
    }
}

std::string text_of(Connection& conn, const std::string& sql) {
    Cursor cursor(conn, sql, {});
    REQUIRE(cursor.step());
    return std::string(cursor.text(0));
}

}  // namespace

TEST_CASE("row_writes: INSERT text") {
    check_all({
        {insert_sql("tags", {"tag"}), "INSERT INTO tags (tag) VALUES (:c0)"},
        {insert_sql("t", {"a", "b"}, OnConflict::Ignore), "INSERT OR IGNORE INTO t (a, b) VALUES (:c0, :c1)"},
        {insert_sql("t", {"a"}, OnConflict::Replace), "INSERT OR REPLACE INTO t (a) VALUES (:c0)"},
        {insert_sql("t", {}), "INSERT INTO t DEFAULT VALUES"},
        {insert_sql("Table With Space In Name", {"pk", "select"}),
         "INSERT INTO [Table With Space In Name] (pk, [select]) VALUES (:c0, :c1)"},
        {insert_sql("table/with/slashes.csv", {"a]b"}), R"(INSERT INTO [table/with/slashes.csv] ("a]b") VALUES (:c0))"},
    });
}

TEST_CASE("row_writes: upsert, UPDATE, DELETE and SELECT text") {
    check_all({
        {upsert_sql("t", {"id", "content"}, {"id"}),
         "INSERT INTO t (id, content) VALUES (:c0, :c1) ON CONFLICT (id) DO UPDATE SET content = excluded.content"},
        {upsert_sql("c", {"pk1", "pk2", "x", "y"}, {"pk1", "pk2"}),
         "INSERT INTO c (pk1, pk2, x, y) VALUES (:c0, :c1, :c2, :c3) ON CONFLICT (pk1, pk2) DO UPDATE SET "
         "x = excluded.x, y = excluded.y"},
        {upsert_sql("tags", {"tag"}, {"tag"}), "INSERT INTO tags (tag) VALUES (:c0) ON CONFLICT (tag) DO NOTHING"},
        {upsert_sql("t", {"rowid", "a"}, {"rowid"}),
         "INSERT INTO t (rowid, a) VALUES (:c0, :c1) ON CONFLICT (rowid) DO UPDATE SET a = excluded.a"},
        {update_sql("t", {"a", "order"}, {"id"}), "UPDATE t SET a = :c0, [order] = :c1 WHERE id = :k0"},
        {update_sql("c", {"x"}, {"pk1", "pk2"}), "UPDATE c SET x = :c0 WHERE pk1 = :k0 AND pk2 = :k1"},
        {delete_sql("no_primary_key", {"rowid"}), "DELETE FROM no_primary_key WHERE rowid = :k0"},
        {delete_sql("a b", {"k 1", "k2"}), "DELETE FROM [a b] WHERE [k 1] = :k0 AND k2 = :k1"},
        {select_row_sql("t", {"id"}, false), "select * from t where id = :k0"},
        {select_row_sql("t", {"rowid"}, true), "select rowid, * from t where rowid = :k0"},
        {select_rows_sql("t", {"id"}, 2, false), "select * from t where (id = :r0k0) OR (id = :r1k0)"},
        {select_rows_sql("c", {"a", "b"}, 2, true),
         "select rowid, * from c where (a = :r0k0 AND b = :r0k1) OR (a = :r1k0 AND b = :r1k1)"},
    });
}

TEST_CASE("row_writes: ADD COLUMN brackets the new name as sqlite-utils does") {
    check_all({
        {add_column_sql("simple_primary_key", "extra", "INTEGER"), "ALTER TABLE simple_primary_key ADD COLUMN [extra] INTEGER"},
        {add_column_sql("t", "select", "TEXT"), "ALTER TABLE t ADD COLUMN [select] TEXT"},
        {add_column_sql("t", "a]b", "FLOAT"), R"(ALTER TABLE t ADD COLUMN "a]b" FLOAT)"},
        {add_column_sql("odd name", "x y", "TEXT"), "ALTER TABLE [odd name] ADD COLUMN [x y] TEXT"},
    });
}

TEST_CASE("row_writes: statements run on a connection") {
    Connection conn("", OpenMode::Memory);
    execute_schema(conn, "CREATE TABLE t (\n  id integer primary key,\n  content text\n)");
    CHECK(execute_write(conn, insert_sql("t", {"content"}), {{"c0", std::string("a")}}) == 1);
    CHECK(last_insert_rowid(conn) == 1);
    CHECK(execute_write(conn, insert_sql("t", {"id", "content"}, OnConflict::Ignore),
                        {{"c0", std::int64_t{1}}, {"c1", std::string("ignored")}}) == 0);
    CHECK(execute_write(conn, insert_sql("t", {"id", "content"}, OnConflict::Replace),
                        {{"c0", std::int64_t{1}}, {"c1", std::string("replaced")}}) == 1);
    CHECK_THROWS_AS(execute_write(conn, insert_sql("t", {"id"}), {{"c0", std::int64_t{1}}}), SqlError);
    CHECK(execute_write(conn, upsert_sql("t", {"id", "content"}, {"id"}),
                        {{"c0", std::int64_t{1}}, {"c1", std::string("upserted")}}) == 1);
    CHECK(execute_write(conn, upsert_sql("t", {"id"}, {"id"}), {{"c0", std::int64_t{1}}}) == 0);
    CHECK(text_of(conn, "select content from t where id = 1") == "upserted");
    CHECK(execute_write(conn, update_sql("t", {"content"}, {"id"}), {{"c0", std::string("u")}, {"k0", std::string("1")}}) == 1);
    CHECK(execute_write(conn, update_sql("t", {"content"}, {"id"}), {{"c0", std::string("u")}, {"k0", std::int64_t{9}}}) == 0);
    execute_schema(conn, add_column_sql("t", "extra", "INTEGER"));
    CHECK(text_of(conn, "select sql from sqlite_master where name = 't'") ==
          "CREATE TABLE t (\n  id integer primary key,\n  content text\n, [extra] INTEGER)");
    CHECK(execute_write(conn, delete_sql("t", {"id"}), {{"k0", std::string("1")}}) == 1);
    CHECK(execute_write(conn, delete_sql("t", {"id"}), {{"k0", std::string("1")}}) == 0);
}

TEST_CASE("row_writes: upsert by rowid on a table without a primary key") {
    Connection conn("", OpenMode::Memory);
    execute_schema(conn, "CREATE TABLE r (a, b)");
    execute_write(conn, insert_sql("r", {"a", "b"}), {{"c0", std::string("x")}, {"c1", std::string("y")}});
    execute_write(conn, upsert_sql("r", {"rowid", "a"}, {"rowid"}), {{"c0", std::int64_t{1}}, {"c1", std::string("z")}});
    CHECK(text_of(conn, "select a || b from r where rowid = 1") == "zy");
    execute_write(conn, upsert_sql("r", {"rowid", "a"}, {"rowid"}), {{"c0", std::int64_t{7}}, {"c1", std::string("n")}});
    CHECK(text_of(conn, "select group_concat(rowid) from r") == "1,7");
}

TEST_CASE("RepeatedWrite: one statement, values bound by position, row after row") {
    Connection conn("", OpenMode::Memory);
    execute_schema(conn, "CREATE TABLE t (id integer primary key, content text, size real, data blob)");
    {
        RepeatedWrite insert(conn, insert_sql("t", {"id", "content", "size", "data"}, OnConflict::Ignore));
        std::vector<Value> row{std::int64_t{1}, std::string("one"), 1.5, Blob{std::string("\0\1", 2)}};
        CHECK(insert.run(row) == 1);
        row = {std::int64_t{2}, std::string("two"), nullptr, nullptr};
        CHECK(insert.run(row) == 1);
        CHECK(insert.run(row) == 0);  // ignored: the key exists
    }
    CHECK(text_of(conn, "select group_concat(id || content || ifnull(size, '-') || length(ifnull(data, '')), ';') from t") ==
          "1one1.52;2two-0");

    RepeatedWrite strict(conn, insert_sql("t", {"id", "content"}));
    std::vector<Value> duplicate{std::int64_t{1}, std::string("again")};
    CHECK_THROWS_WITH_AS(strict.run(duplicate), "UNIQUE constraint failed: t.id", SqlError);
    std::vector<Value> fresh{std::int64_t{3}, std::string("three")};
    CHECK(strict.run(fresh) == 1);  // usable again after a failed row
}

TEST_CASE("RepeatedWrite: the cached statement keeps no borrowed values once it is done") {
    Connection conn("", OpenMode::Memory);
    execute_schema(conn, "CREATE TABLE t (a, b)");
    std::string sql = insert_sql("t", {"a", "b"});
    {
        std::vector<Value> row{std::string("borrowed"), std::string("text")};
        RepeatedWrite insert(conn, sql);
        insert.run(row);
    }
    // The same cached statement with only :c0 given: :c1 is NULL, not the old borrowed text.
    execute_write(conn, sql, {{"c0", std::string("named")}});
    CHECK(text_of(conn, "select group_concat(a || '/' || ifnull(b, 'null'), ';') from t") == "borrowed/text;named/null");
}
