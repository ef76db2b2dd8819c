// Tables for src/db/fts.cpp: escape_fts against the output of Datasette's own escape_fts
// (each expected value was produced by running its Python source), the escape_fts SQL
// function on a real connection, and the text of search conditions.
#include "db/fts.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "db/connection.h"
#include "db/sql_guard.h"
#include "support/fixture_db.h"

using namespace liteserve::db;

namespace {

// The first row's first column as text ("NULL" for NULL), for one-value queries.
std::string scalar(Connection& conn, const std::string& sql) {
    auto stmt = conn.prepare(sql);
    REQUIRE(sqlite3_step(stmt.get()) == SQLITE_ROW);
    auto* text = sqlite3_column_text(stmt.get(), 0);
    return text ? reinterpret_cast<const char*>(text) : "NULL";
}

}  // namespace

TEST_CASE("escape_fts: the same text as Datasette's escape_fts") {
    struct Case {
        std::string input;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"dog", R"("dog")"},
        {"dog cat", R"("dog" "cat")"},
        {"  dog   cat  ", R"("dog" "cat")"},
        {"te*", R"("te*")"},                         // no prefix search unless raw
        {"cat OR weasel", R"("cat" "OR" "weasel")"},  // operators become plain words
        {"AND", R"("AND")"},
        {"col:dog", R"("col:dog")"},
        {"NEAR(a b)", R"q("NEAR(a" "b)")q"},
        {"it's", R"("it's")"},
        {R"("hot dog" cat)", R"("hot dog" "cat")"},  // a quoted phrase is kept whole
        {R"("a" "b")", R"("a" "b")"},
        {R"(a"b c"d)", R"("a" "b c" "d")"},
        {R"("dog)", R"("dog")"},                     // an odd quote is closed at the end
        {R"(dog")", R"("dog")"},
        {R"(a"b)", R"("a" "b")"},
        {R"("")", ""},                               // empty phrases are dropped
        {R"("" dog)", R"("dog")"},
        {R"(""")", ""},
        {R"(a""b)", R"("a" "b")"},
        {"\"a\nb\"", "\"a \"b\"\""},                 // a phrase does not span a newline
        {"a\tb\nc", R"("a" "b" "c")"},
        {"", ""},
        {"   ", ""},
        {"caf\u00e9 na\u00efve", "\"caf\u00e9\" \"na\u00efve\""},
        {"a\u00a0b", R"("a" "b")"},                  // Unicode whitespace splits, as \s does
        {"a\u3000b", R"("a" "b")"},
        {"a\u2003b", R"("a" "b")"},
        {"x\u200bb", "\"x\u200bb\""},                // zero-width space is not whitespace
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        CHECK(escape_fts(c.input) == c.expected);
    }
}

TEST_CASE("escape_fts: the SQL function every connection has") {
    Connection conn(":memory:", OpenMode::Memory);
    CHECK(scalar(conn, R"(select escape_fts('a b"c'))") == R"("a" "b" "c")");
    CHECK(scalar(conn, "select escape_fts(null)") == "NULL");
    CHECK(scalar(conn, "select escape_fts(12)") == R"("12")");

    // Escaped input finds words and never raises FTS syntax errors; raw input may.
    const char* setup = "create virtual table docs using fts5(title, body);"
                        "insert into docs values ('hot dog', 'barry cat')";
    REQUIRE(sqlite3_exec(conn.handle(), setup, nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(scalar(conn, "select count(*) from docs where docs match escape_fts('AND')") == "0");
    CHECK(scalar(conn, "select count(*) from docs where docs match escape_fts('dog cat')") == "1");
    CHECK(scalar(conn, "select count(*) from docs where title match escape_fts('cat')") == "0");
    auto raw = conn.prepare("select count(*) from docs where docs match 'AND'");
    CHECK(sqlite3_step(raw.get()) == SQLITE_ERROR);
    CHECK(std::string(sqlite3_errmsg(conn.handle())) == R"(fts5: syntax error near "AND")");
}

TEST_CASE("fts_match_clause: the condition Datasette writes") {
    struct Case {
        FtsMatch match;
        std::string sql;
    };
    const std::vector<Case> cases = {
        {{"searchable_fts", "rowid", std::nullopt, "search", false},
         "rowid in (select rowid from searchable_fts where searchable_fts match escape_fts(:search))"},
        {{"searchable_fts", "rowid", std::nullopt, "search", true},
         "rowid in (select rowid from searchable_fts where searchable_fts match :search)"},
        {{"searchable_fts", "rowid", "name with . and spaces", "search_0", false},
         "rowid in (select rowid from searchable_fts where [name with . and spaces] match escape_fts(:search_0))"},
        {{"searchable_fts", "pk", "text2", "search_1", true},
         "pk in (select rowid from searchable_fts where text2 match :search_1)"},
        {{"my fts", "select", std::nullopt, "search", false},
         "[select] in (select rowid from [my fts] where [my fts] match escape_fts(:search))"},
    };
    for (const auto& c : cases) CHECK(fts_match_clause(c.match) == c.sql);
}

TEST_CASE("client SQL may search FTS5 indexes; a PRAGMA statement is still refused") {
    // A fresh connection: FTS5 opens the index (and reads PRAGMA data_version) while guarded.
    Connection conn(liteserve::testing::fixtures_db(), OpenMode::ReadOnly);
    auto stmt = prepare_read_only(conn, "select rowid from searchable_fts where searchable_fts match escape_fts(:q)");
    bind_params(stmt.get(), {{"q", std::string("weasel")}});
    REQUIRE(sqlite3_step(stmt.get()) == SQLITE_ROW);
    CHECK(sqlite3_column_int64(stmt.get(), 0) == 2);
    CHECK(sqlite3_step(stmt.get()) == SQLITE_DONE);
    for (const char* sql : {"pragma data_version", "PRAGMA main.data_version", "pragma cache_size"}) {
        CAPTURE(sql);
        CHECK_THROWS_WITH_AS(prepare_read_only(conn, sql), "Statement must be a SELECT", SqlRefused);
    }
}
