// Tests for src/db/write_analysis.cpp: what SQLite's authorizer reports for write SQL, as a
// table of SQL → operations (in the order SQLite first reports them), with SQLite's own
// bookkeeping marked internal (~) and the kind of table each row write targets.
#include "db/write_analysis.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "db/sql_guard.h"

using namespace liteserve::db;

namespace {

const char* kSchema = R"(
create table tags (tag text primary key);
create table facetable (pk integer primary key, state text);
create table log (message text);
create view tag_view as select tag from tags;
create trigger tag_view_insert instead of insert on tag_view begin
  insert into tags (tag) values (new.tag); insert into log values ('added');
end;
create virtual table docs_fts using fts5(body);
)";

// "operation target_type database.table" (or the target when neither is known), "~" first
// for internal records, "[kind]" for row writes, "<source>" for records from a trigger or view.
std::string describe(const SqlOperation& op) {
    std::string s = op.internal ? "~" : "";
    s += op.operation + " " + op.target_type;
    if (op.database || op.table) s += " " + op.database.value_or("-") + "." + op.table.value_or("-");
    else if (op.target) s += " " + *op.target;
    if (!op.table_kind.empty()) s += " [" + op.table_kind + "]";
    if (op.source) s += " <" + *op.source + ">";
    return s;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
    return out;
}

// The operations described and joined by "; " (readable when a check fails).
std::string analyze(Connection& conn, const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& op : analyze_statement(conn, sql, "db").operations) out.push_back(describe(op));
    return joined(out);
}

struct AnalysisCase {
    std::string sql;
    std::vector<std::string> operations;
};

}  // namespace

TEST_CASE("analyze_statement: operations of write SQL as SQLite reports them") {
    Connection conn("", OpenMode::Memory);
    REQUIRE(sqlite3_exec(conn.handle(), kSchema, nullptr, nullptr, nullptr) == SQLITE_OK);
    const std::vector<AnalysisCase> cases = {
        {"insert into tags (tag) values (:t)", {"insert table db.tags [table]"}},
        {"insert into tags (tag) values (:t) returning *", {"insert table db.tags [table]", "read table db.tags"}},
        {"update facetable set state = upper(state) where pk = 1 returning pk",
         {"function function upper", "read table db.facetable", "update table db.facetable [table]"}},
        {"delete from facetable where pk > 14", {"delete table db.facetable [table]", "read table db.facetable"}},
        {"insert into log select state from facetable",
         {"insert table db.log [table]", "select statement", "read table db.facetable"}},
        {"create table made (a integer, b text)",
         {"~insert schema db.-", "create table db.made", "~update schema db.-", "~read schema db.-"}},
        {"drop table facetable",
         {"~delete schema db.-", "drop table db.facetable", "~delete table db.facetable [table]", "~read schema db.-",
          "~update schema db.-"}},
        {"create index idx_state on facetable (state)",
         {"~insert schema db.-", "create index db.facetable", "read table db.facetable", "~reindex index db.-"}},
        {"vacuum", {"vacuum database db.-"}},
        {"  /* c */ VACUUM", {"vacuum database db.-"}},
        {"attach database 'other.db' as other", {"attach database other.db"}},
        {"detach database other", {"detach database other"}},
        {"begin", {"begin transaction BEGIN"}},
        {"pragma user_version = 3", {"pragma pragma user_version"}},
        {"create temp table scratch (a)",
         {"~insert schema temp.-", "create table temp.scratch", "~update schema temp.-", "~read schema temp.-"}},
        {"insert into docs_fts_data values (99, x'00')", {"insert table db.docs_fts_data [shadow]"}},
        {"insert into tag_view values ('x')",
         {"insert table db.tag_view [view]", "insert table db.tags [table] <tag_view_insert>",
          "read table db.tag_view <tag_view_insert>", "insert table db.log [table] <tag_view_insert>"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sql);
        CHECK(analyze(conn, c.sql) == joined(c.operations));
    }
}

TEST_CASE("analyze_statement: writes to an FTS index are seen as virtual table writes first") {
    Connection conn("", OpenMode::Memory);
    REQUIRE(sqlite3_exec(conn.handle(), kSchema, nullptr, nullptr, nullptr) == SQLITE_OK);
    auto ops = analyze_statement(conn, "insert into docs_fts (body) values ('x')", "db").operations;
    REQUIRE(!ops.empty());
    CHECK(describe(ops.front()) == "insert table db.docs_fts [virtual]");
}

TEST_CASE("analyze_statement: one statement that prepares, or SQLite's error") {
    Connection conn("", OpenMode::Memory);
    REQUIRE(sqlite3_exec(conn.handle(), kSchema, nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK_THROWS_AS(analyze_statement(conn, "insert into tags values (1); insert into tags values (2)", "db"),
                    MultipleStatements);
    CHECK_NOTHROW(analyze_statement(conn, "insert into tags values (1); -- done", "db"));
    CHECK_THROWS_WITH_AS(analyze_statement(conn, "insert into nope values (1)", "db"), "no such table: nope", SqlError);
    CHECK_THROWS_WITH_AS(analyze_statement(conn, "-- nothing", "db"), "incomplete input", SqlError);
    // The authorizer is gone afterwards: the connection writes as usual.
    CHECK(sqlite3_exec(conn.handle(), "insert into tags values ('after')", nullptr, nullptr, nullptr) == SQLITE_OK);
}

TEST_CASE("operations_from_calls: a DROP TABLE's own delete is internal, a schema change's functions too") {
    std::vector<AuthorizerCall> calls = {
        {SQLITE_ALTER_TABLE, "main", "tags", std::nullopt, std::nullopt},
        {SQLITE_FUNCTION, std::nullopt, "printf", std::nullopt, std::nullopt},
        {SQLITE_FUNCTION, std::nullopt, "upper", std::nullopt, std::nullopt},
    };
    auto ops = operations_from_calls(calls, "db");
    REQUIRE(ops.size() == 3);
    CHECK(describe(ops[0]) == "alter table db.tags");
    CHECK(describe(ops[1]) == "~function function printf");
    CHECK(describe(ops[2]) == "function function upper");
    // Reading a user table during the schema change keeps its functions visible.
    calls.push_back({SQLITE_READ, "facetable", "state", "main", std::nullopt});
    CHECK_FALSE(operations_from_calls(calls, "db")[1].internal);
}

TEST_CASE("operations_from_calls: repeated callbacks are one record; unknown actions are named") {
    std::vector<AuthorizerCall> calls = {
        {SQLITE_READ, "tags", "tag", "main", std::nullopt},
        {SQLITE_READ, "tags", "tag", "main", std::nullopt},
        {SQLITE_RECURSIVE, std::nullopt, std::nullopt, std::nullopt, std::nullopt},
        {SQLITE_SAVEPOINT, "BEGIN", "sp", std::nullopt, std::nullopt},
    };
    auto ops = operations_from_calls(calls, "db");
    REQUIRE(ops.size() == 3);
    CHECK(describe(ops[0]) == "read table db.tags");
    CHECK(describe(ops[1]) == "unknown unknown SQLITE_RECURSIVE");
    CHECK(describe(ops[2]) == "savepoint transaction BEGIN sp");
}
