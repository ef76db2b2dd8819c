// Tests for src/db/write_decision.cpp: Datasette's rule for each kind of operation, as a table
// of operation → decision (ignored, the permissions it needs, or the refusal message).
#include "db/write_decision.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace liteserve::db;

namespace {

SqlOperation op(std::string operation, std::string target_type, std::optional<std::string> table = "t",
                std::string kind = "") {
    SqlOperation o;
    o.operation = std::move(operation);
    o.target_type = std::move(target_type);
    o.database = "db";
    o.table = std::move(table);
    o.target = o.table;
    o.table_kind = std::move(kind);
    return o;
}

// "ignore", "need a, b" (with the resources), "reject: …" or "unsupported: …".
std::string describe(const WriteDecision& d) {
    switch (d.kind) {
        case DecisionKind::Ignore: return "ignore";
        case DecisionKind::Reject: return "reject: " + d.message;
        case DecisionKind::Unsupported: return "unsupported: " + d.message;
        case DecisionKind::Require: break;
    }
    std::string out = "need";
    for (const auto& need : d.needs) out += " " + need.action + "@" + need.resource();
    return out;
}

struct DecisionCase {
    const char* name;
    SqlOperation operation;
    std::string decision;
};

}  // namespace

TEST_CASE("decide: Datasette's rule for each operation") {
    SqlOperation internal = op("update", "schema", std::nullopt);
    internal.internal = true;
    SqlOperation temp = op("create", "table", "scratch");
    temp.database = "temp";
    SqlOperation nameless = op("create", "table");
    nameless.database.reset();
    const std::vector<DecisionCase> cases = {
        {"read", op("read", "table"), "need view-table@db/t"},
        {"insert", op("insert", "table", "t", "table"), "need insert-row@db/t update-row@db/t delete-row@db/t"},
        {"update", op("update", "table", "t", "table"), "need insert-row@db/t update-row@db/t delete-row@db/t"},
        {"delete", op("delete", "table", "t", "table"), "need delete-row@db/t"},
        {"create table", op("create", "table"), "need create-table@db"},
        {"create table in temp", temp, "need create-table@temp"},
        {"create without a database", nameless, "unsupported: Unsupported SQL operation: create table"},
        {"create view", op("create", "view", "v"), "need create-view@db"},
        {"drop view", op("drop", "view", "v"), "need drop-view@db/v"},
        {"alter table", op("alter", "table"), "need alter-table@db/t"},
        {"drop table", op("drop", "table"), "need drop-table@db/t"},
        {"create index", op("create", "index"), "need alter-table@db/t"},
        {"drop index", op("drop", "index"), "need alter-table@db/t"},
        {"select", op("select", "statement", std::nullopt), "ignore"},
        {"function", op("function", "function", std::nullopt), "ignore"},
        {"internal", internal, "ignore"},
        {"vacuum", op("vacuum", "database", std::nullopt), "reject: VACUUM is not allowed in user-supplied SQL"},
        {"virtual table write", op("insert", "table", "docs_fts", "virtual"),
         "reject: Writes to virtual tables are not allowed in user-supplied SQL"},
        {"shadow table write", op("delete", "table", "docs_fts_data", "shadow"),
         "reject: Writes to shadow tables are not allowed in user-supplied SQL"},
        {"reading a virtual table is fine", op("read", "table", "docs_fts"), "need view-table@db/docs_fts"},
        {"attach", op("attach", "database", std::nullopt), "unsupported: Unsupported SQL operation: attach database"},
        {"begin", op("begin", "transaction", std::nullopt), "unsupported: Unsupported SQL operation: begin transaction"},
        {"savepoint", op("savepoint", "transaction", std::nullopt),
         "unsupported: Unsupported SQL operation: savepoint transaction"},
        {"pragma", op("pragma", "pragma", std::nullopt), "unsupported: Unsupported SQL operation: pragma pragma"},
        {"create trigger", op("create", "trigger"), "unsupported: Unsupported SQL operation: create trigger"},
        {"create virtual table", op("create", "virtual-table"),
         "unsupported: Unsupported SQL operation: create virtual-table"},
        {"schema table write", op("update", "schema", std::nullopt), "unsupported: Unsupported SQL operation: update schema"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(describe(decide(c.operation)) == c.decision);
    }
}

TEST_CASE("is_write: what makes SQL a write") {
    for (const char* write : {"insert", "update", "delete", "create", "alter", "drop", "begin", "commit", "rollback",
                              "savepoint", "attach", "detach", "pragma", "analyze", "reindex", "vacuum", "unknown"}) {
        CAPTURE(write);
        CHECK(is_write(op(write, "table")));
    }
    for (const char* read : {"read", "select", "function"}) {
        CAPTURE(read);
        CHECK_FALSE(is_write(op(read, "table")));
    }
}

TEST_CASE("required_permission_text lists the needed actions as the analysis shows them") {
    CHECK(required_permission_text(decide(op("insert", "table", "t", "table"))) == "insert-row, update-row, delete-row");
    CHECK(required_permission_text(decide(op("read", "table"))) == "view-table");
    CHECK(required_permission_text(decide(op("attach", "database", std::nullopt))) == "");
}
