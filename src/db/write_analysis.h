// What a client's write SQL would do, learned from SQLite itself: the statement is prepared
// under an authorizer callback that records every action SQLite asks permission for (reads,
// inserts, schema changes, ATTACH, PRAGMA, transactions …), as Datasette 1.0a33's
// analyze_sql_tables does. The records are plain values; deciding which permissions they need
// is write_decision.h's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"

namespace liteserve::db {

// One distinct action of a statement (repeated callbacks for the same target are one record).
struct SqlOperation {
    std::string operation;    // read insert update delete select function create alter drop begin
                              // commit rollback savepoint attach detach pragma analyze reindex
                              // vacuum unknown
    std::string target_type;  // table schema index view trigger virtual-table statement transaction
                              // database pragma function unknown
    std::optional<std::string> database;       // "main" reported as the database's URL name
    std::optional<std::string> table;          // the table concerned (for an index: its table)
    std::optional<std::string> sqlite_schema;  // "main", "temp" or an attached schema
    std::optional<std::string> target;         // what SQLite named (table, index, file, pragma …)
    std::optional<std::string> source;         // the trigger or view the action comes from
    bool internal = false;  // SQLite's own bookkeeping for a schema change (sqlite_master …)
    std::string table_kind;  // for row writes to tables: "table", "virtual", "shadow", "view"

    bool operator==(const SqlOperation&) const = default;
};

// A statement prepared on `conn` and the operations SQLite reported while preparing it.
struct AnalyzedStatement {
    StatementPtr statement;
    std::vector<SqlOperation> operations;  // in the order SQLite first reported each one
};

// Prepares exactly one statement of `sql` on `conn` under the recording authorizer and
// classifies the tables its row writes target. `database_name` is what "main" is called in
// the records. Throws MultipleStatements (sql_guard.h) for more than one statement and
// SqlError with SQLite's message when it does not prepare. The connection's authorizer is
// removed again before returning.
AnalyzedStatement analyze_statement(Connection& conn, std::string_view sql, std::string_view database_name);

// The records for one authorizer callback sequence, with the internal ones marked: exposed for
// tests of the marking rules without SQLite.
struct AuthorizerCall {
    int action;
    std::optional<std::string> arg1, arg2, schema, source;
};
std::vector<SqlOperation> operations_from_calls(const std::vector<AuthorizerCall>& calls,
                                                std::string_view database_name);

}  // namespace liteserve::db
