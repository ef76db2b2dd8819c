// Running one statement of client write SQL (POST /db/-/execute-write) inside a writer job:
// prepared under the recording authorizer (db/write_analysis.h), its parameters checked, each
// operation's permissions checked (db/write_decision.h), then executed with RETURNING rows
// kept, all on the writer's connection, so that a refusal or an error leaves nothing behind.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "db/connection.h"
#include "db/write_analysis.h"
#include "db/write_decision.h"

namespace liteserve::api {

// A parameter value from the request body. JSON arrays and objects cannot be bound; they are
// kept as `unsupported` ("list" or "dict", Python's type names) and refused if the SQL uses them.
struct SqlParam {
    db::Value value;
    const char* unsupported = nullptr;
};

struct WriteSqlRequest {
    std::string database;  // URL name: what "main" is called in the analysis
    std::string sql;
    std::map<std::string, SqlParam> params;  // by name, without ':'
    std::chrono::milliseconds time_limit{2000};
    CancelFlag cancelled;
};

struct WriteSqlResult {
    std::vector<db::SqlOperation> operations;
    std::string rows_json = "[]";  // the RETURNING rows as a JSON array of objects
    bool truncated = false;        // more RETURNING rows than kReturnedRows
    std::int64_t rowcount = -1;    // Python's cursor.rowcount: -1 when not a finished INSERT/UPDATE/DELETE
};

// Datasette returns at most this many RETURNING rows (EXECUTE_WRITE_RETURNING_LIMIT).
inline constexpr std::size_t kReturnedRows = 10;

// Whether the actor holds one permission; called for every need of every operation.
using PermissionCheck = std::function<bool(const db::PermissionNeed&)>;

// The job body. Throws WriteFailure: 400 "Could not analyze query: …", "Magic parameters are
// not allowed", "Unknown parameters: …", "Use /-/query for read-only SQL; …", or SQLite's
// message when execution fails; 403 for refused operations ("VACUUM is not allowed …",
// "Unsupported SQL operation: attach database", "Writable queries may not access attached
// databases", "Permission denied: need insert-row on db/table"). QueryInterrupted past the
// time limit.
WriteSqlResult run_write_sql(db::Connection& conn, const WriteSqlRequest& request, const PermissionCheck& allowed);

// The operations Datasette lists in "analysis" (the ignored ones left out), with their decisions.
std::vector<std::pair<const db::SqlOperation*, db::WriteDecision>> shown_operations(
    const std::vector<db::SqlOperation>& operations);

// Python's sqlite3 counts changed rows only for statements starting (after whitespace and
// comments) with INSERT, UPDATE, DELETE or REPLACE.
bool counts_changes(std::string_view sql);

}  // namespace liteserve::api
