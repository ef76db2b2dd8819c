// Tables for src/db/quote.cpp: Datasette's escape_sqlite for the Datasette style, always
// double quotes for the Double style, and a check that SQLite reads every quoted name back
// as exactly the name it was given.
#include "db/quote.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "db/connection.h"

using namespace liteserve::db;

namespace {

using namespace std::string_literals;

struct QuoteCase {
    std::string name;
    std::string quoted;
};

// Datasette's reserved_words, verbatim.
const char* kDatasetteReservedWords =
    "abort action add after all alter analyze and as asc attach autoincrement before begin between by "
    "cascade case cast check collate column commit conflict constraint create cross current_date "
    "current_time current_timestamp database default deferrable deferred delete desc detach distinct "
    "drop each else end escape except exclusive exists explain fail for foreign from full glob group "
    "having if ignore immediate in index indexed initially inner insert instead intersect into is "
    "isnull join key left like limit match natural no not notnull null of offset on or order outer plan "
    "pragma primary query raise recursive references regexp reindex release rename replace restrict "
    "right rollback row savepoint select set table temp temporary then to transaction trigger union "
    "unique update using vacuum values view virtual when where with without";

std::vector<std::string> words(const char* text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace

TEST_CASE("quote_identifier: plain names stay bare") {
    for (const char* name : {"pk", "_city_id", "Table1", "a1_b", "_", "rowid", "content", "selected", "keys",
                             "json", "tags", "n"}) {
        CAPTURE(name);
        CHECK(quote_identifier(name) == name);
    }
}

TEST_CASE("quote_identifier: reserved words and odd names are bracketed") {
    const std::vector<QuoteCase> cases = {
        {"select", "[select]"},
        {"SELECT", "[SELECT]"},
        {"Group", "[Group]"},
        {"and", "[and]"},
        {"key", "[key]"},
        {"123_starts_with_digits", "[123_starts_with_digits]"},
        {"Table With Space In Name", "[Table With Space In Name]"},
        {"table/with/slashes.csv", "[table/with/slashes.csv]"},
        {"name with . and spaces", "[name with . and spaces]"},
        {"a-b", "[a-b]"},
        {"we\"ird", "[we\"ird]"},
        {"it's", "[it's]"},
        {"[x", "[[x]"},
        {"caf\xc3\xa9", "[caf\xc3\xa9]"},
        {"", "[]"},
        {"line\nbreak", "[line\nbreak]"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(quote_identifier(c.name) == c.quoted);
    }
    auto reserved = words(kDatasetteReservedWords);
    CHECK(reserved.size() == 124);
    for (const auto& word : reserved) {
        CAPTURE(word);
        CHECK(quote_identifier(word) == "[" + word + "]");
    }
}

TEST_CASE("quote_identifier: names containing ']' fall back to double quotes") {
    const std::vector<QuoteCase> cases = {
        {"a]b", R"("a]b")"},
        {"]", R"("]")"},
        {"[x]", R"("[x]")"},
        {"x]\"y", R"("x]""y")"},
        {"]\"\"", R"("]""""")"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(quote_identifier(c.name) == c.quoted);
    }
}

TEST_CASE("quote_identifier: Double style always double-quotes") {
    const std::vector<QuoteCase> cases = {
        {"pk", R"("pk")"},
        {"select", R"("select")"},
        {"a b", R"("a b")"},
        {"we\"ird", R"("we""ird")"},
        {"a]b", R"("a]b")"},
        {"", R"("")"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(quote_identifier(c.name, QuoteStyle::Double) == c.quoted);
    }
}

TEST_CASE("quote_identifier: Bracket style always brackets (double quotes for names with ']')") {
    const std::vector<QuoteCase> cases = {
        {"pk", "[pk]"},
        {"extra", "[extra]"},
        {"select", "[select]"},
        {"a b", "[a b]"},
        {"we\"ird", "[we\"ird]"},
        {"a]b", R"("a]b")"},
        {"", "[]"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(quote_identifier(c.name, QuoteStyle::Bracket) == c.quoted);
    }
}

TEST_CASE("quote_identifier: SQLite reads every quoted name as the same identifier") {
    const std::vector<std::string> names = {
        "pk", "select", "Table With Space", "a]b", "x]\"y", "we\"ird", "[x]", "it's", "caf\xc3\xa9",
        "123", "a.b", "--", "/*", "nul\x01", "]\"\"",
    };
    Connection conn("", OpenMode::Memory);
    for (const auto& name : names) {
        CAPTURE(name);
        for (auto style : {QuoteStyle::Datasette, QuoteStyle::Double, QuoteStyle::Bracket}) {
            std::string table = quote_identifier(name, style);
            std::string sql = "create table " + table + " (" + quote_identifier(name, style) + " text); " +
                              "insert into " + table + " values ('v'); ";
            REQUIRE(sqlite3_exec(conn.handle(), sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
            auto stmt = conn.prepare("select " + quote_identifier(name, style) + " from " + table);
            REQUIRE(sqlite3_step(stmt.get()) == SQLITE_ROW);
            CHECK(std::string(sqlite3_column_name(stmt.get(), 0)) == name);
            CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0))) == "v");
            stmt.reset();
            // The table really has that name (not a mangled one).
            auto found = conn.prepare("select count(*) from sqlite_master where name = ?1");
            sqlite3_bind_text(found.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
            REQUIRE(sqlite3_step(found.get()) == SQLITE_ROW);
            CHECK(sqlite3_column_int(found.get(), 0) == 1);
            found.reset();
            REQUIRE(sqlite3_exec(conn.handle(), ("drop table " + table).c_str(), nullptr, nullptr, nullptr) ==
                    SQLITE_OK);
        }
    }
}
