// Datasette 1.0a33's rules for client write SQL, one operation at a time (write_sql.py's
// decision_for_write_sql_operation): SQLite's bookkeeping, SELECTs and functions are ignored;
// VACUUM and row writes to virtual or shadow tables are refused; table and schema changes need
// named permissions; anything else (transactions, ATTACH, PRAGMA, triggers …) is unsupported.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/write_analysis.h"

namespace liteserve::db {

// A permission an operation needs: `action` on the database, or on one of its tables.
struct PermissionNeed {
    std::string action;                // e.g. "insert-row"
    std::string database;
    std::optional<std::string> table;  // nullopt: the database itself

    // Datasette's resource text in messages: "db/table" or "db".
    std::string resource() const { return table ? database + "/" + *table : database; }
    bool operator==(const PermissionNeed&) const = default;
};

enum class DecisionKind {
    Ignore,       // not shown, not checked
    Require,      // allowed when every need is granted
    Reject,       // refused outright with `message` (VACUUM, virtual/shadow table writes)
    Unsupported,  // refused with "Unsupported SQL operation: <operation> <target type>"
};

struct WriteDecision {
    DecisionKind kind = DecisionKind::Ignore;
    std::vector<PermissionNeed> needs;  // for Require
    std::string message;                // for Reject and Unsupported
};

WriteDecision decide(const SqlOperation& op);
// Whether the operation changes something (Datasette's operation_is_write): a statement with
// none is read-only and belongs on /-/query.
bool is_write(const SqlOperation& op);
// The needs as the analysis shows them: "insert-row, update-row, delete-row" ("" when none).
std::string required_permission_text(const WriteDecision& decision);

}  // namespace liteserve::db
