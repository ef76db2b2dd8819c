// Tests for src/db/table_creation.cpp: the CREATE TABLE text sqlite-utils writes (and SQLite
// stores), as a table of (columns, keys) → SQL, and that SQLite accepts every one of them.
#include "db/table_creation.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "db/connection.h"

using namespace liteserve::db;

namespace {

struct CreateCase {
    const char* name;
    std::string table;
    std::vector<ColumnSpec> columns;
    std::vector<std::string> pks;
    std::string sql;
};

}  // namespace

TEST_CASE("create_table_sql writes sqlite-utils' CREATE TABLE text") {
    const std::vector<CreateCase> cases = {
        {"single key inline", "dogs",
         {{"id", "INTEGER"}, {"name", "TEXT"}, {"weight", "FLOAT"}, {"photo", "BLOB"}}, {"id"},
         "CREATE TABLE [dogs] (\n   [id] INTEGER PRIMARY KEY,\n   [name] TEXT,\n   [weight] FLOAT,\n   [photo] BLOB\n)"},
        {"rowid table", "t", {{"a", "TEXT"}}, {}, "CREATE TABLE [t] (\n   [a] TEXT\n)"},
        {"missing single key is added first as INTEGER", "t", {{"name", "TEXT"}}, {"id"},
         "CREATE TABLE [t] (\n   [id] INTEGER PRIMARY KEY,\n   [name] TEXT\n)"},
        {"text key keeps its type", "t", {{"code", "TEXT"}, {"n", "INTEGER"}}, {"code"},
         "CREATE TABLE [t] (\n   [code] TEXT PRIMARY KEY,\n   [n] INTEGER\n)"},
        {"compound key clause", "t", {{"a", "TEXT"}, {"b", "INTEGER"}, {"c", "FLOAT"}}, {"a", "b"},
         "CREATE TABLE [t] (\n   [a] TEXT,\n   [b] INTEGER,\n   [c] FLOAT,\n   PRIMARY KEY ([a], [b])\n)"},
        {"a name twice: first place, last type", "t", {{"a", "TEXT"}, {"b", "TEXT"}, {"a", "INTEGER"}}, {},
         "CREATE TABLE [t] (\n   [a] INTEGER,\n   [b] TEXT\n)"},
        {"odd names are bracketed, ']' double-quoted", "my table", {{"select", "TEXT"}, {"a]b", "TEXT"}}, {},
         "CREATE TABLE [my table] (\n   [select] TEXT,\n   \"a]b\" TEXT\n)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(create_table_sql(c.table, c.columns, c.pks) == c.sql);
    }
}

TEST_CASE("SQLite accepts the text and stores it verbatim") {
    Connection conn("", OpenMode::Memory);
    std::string sql = create_table_sql("a \"quoted\" name", {{"id", "INTEGER"}, {"x", "TEXT"}}, {"id", "x"});
    char* error = nullptr;
    REQUIRE(sqlite3_exec(conn.handle(), sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK);
    CHECK(stored_schema(conn, "a \"quoted\" name") == sql);
    CHECK(stored_schema(conn, "missing") == std::nullopt);
}

TEST_CASE("sql_type maps /-/create's column types") {
    CHECK(sql_type("text") == "TEXT");
    CHECK(sql_type("integer") == "INTEGER");
    CHECK(sql_type("float") == "FLOAT");
    CHECK(sql_type("blob") == "BLOB");
    CHECK(sql_type("date") == std::nullopt);
    CHECK(sql_type("TEXT") == std::nullopt);
}
