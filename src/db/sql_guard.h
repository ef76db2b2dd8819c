// Read-only enforcement for SQL written by clients (-/query, _where): SQLite's authorizer
// allows only reading actions while a statement is prepared, so writes, PRAGMAs, ATTACH and
// transactions are refused by SQLite itself rather than by string matching.
#pragma once

#include <string>
#include <vector>

#include "db/connection.h"

namespace liteserve::db {

// While alive, statements prepared on `conn` may only read. A refused statement makes
// prepare fail; refusal() then says why in Datasette's words.
class ReadOnlyGuard {
public:
    explicit ReadOnlyGuard(Connection& conn);
    ~ReadOnlyGuard();
    ReadOnlyGuard(const ReadOnlyGuard&) = delete;
    ReadOnlyGuard& operator=(const ReadOnlyGuard&) = delete;

    // Empty when nothing was refused.
    const std::string& refusal() const { return refusal_; }

private:
    static int authorize(void* self, int action, const char* a, const char* b, const char* db, const char* trigger);

    Connection& conn_;
    std::string refusal_;
};

// Client SQL refused before it ran: the message is Datasette's (e.g. "Statement must be a SELECT").
struct SqlRefused : SqlError {
    explicit SqlRefused(std::string message) : SqlError(std::move(message), SQLITE_AUTH) {}
};
// More than one statement in the text of a single query.
struct MultipleStatements : SqlError {
    MultipleStatements() : SqlError("You can only execute one statement at a time.", SQLITE_MISUSE) {}
};

// Prepares client SQL under a ReadOnlyGuard: exactly one statement that only reads.
// Throws SqlRefused, MultipleStatements or SqlError with SQLite's message.
StatementPtr prepare_read_only(Connection& conn, std::string_view sql);

// Arbitrary SQL from ?sql=: Datasette's text test of it first (validate_sql_select: after
// its "--" lines, it starts with select, with, or explain [query plan] select|with, and says
// "pragma" only before an allowed pragma function's name), then prepare_read_only.
StatementPtr prepare_client_query(Connection& conn, std::string_view sql);

// Prepares trusted SQL (stored queries from the configuration) without the read-only guard:
// exactly one statement, whatever the connection allows (a read-only connection still refuses
// writes when the statement runs). Throws MultipleStatements or SqlError with SQLite's message.
StatementPtr prepare_trusted(Connection& conn, std::string_view sql);

// The named parameters of a prepared statement, without their ':' (e.g. {"n", "name"}).
std::vector<std::string> statement_parameters(sqlite3_stmt* stmt);

// Datasette's messages for refused statements.
inline constexpr const char* kNotSelectMessage = "Statement must be a SELECT";
std::string disallowed_pragma_message();

}  // namespace liteserve::db
