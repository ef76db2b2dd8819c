// The per-operation table of Datasette's write SQL rules.
#include "db/write_decision.h"

#include <array>
#include <string_view>

namespace liteserve::db {
namespace {

WriteDecision require(std::vector<PermissionNeed> needs) { return {DecisionKind::Require, std::move(needs), {}}; }
WriteDecision reject(std::string message) { return {DecisionKind::Reject, {}, std::move(message)}; }

// Needs one action on the operation's table.
WriteDecision on_table(const SqlOperation& op, const char* action) {
    return require({{action, *op.database, *op.table}});
}

WriteDecision on_database(const SqlOperation& op, const char* action) {
    return require({{action, *op.database, std::nullopt}});
}

// Refusals that come before any permission: VACUUM and writes SQLite would route to a module.
std::optional<WriteDecision> refusal(const SqlOperation& op) {
    if (op.operation == "vacuum") return reject("VACUUM is not allowed in user-supplied SQL");
    bool row_write = op.operation == "insert" || op.operation == "update" || op.operation == "delete";
    if (row_write && op.table_kind == "virtual")
        return reject("Writes to virtual tables are not allowed in user-supplied SQL");
    if (row_write && op.table_kind == "shadow")
        return reject("Writes to shadow tables are not allowed in user-supplied SQL");
    return std::nullopt;
}

}  // namespace

WriteDecision decide(const SqlOperation& op) {
    if (op.internal || op.operation == "select") return {};
    if (auto refused = refusal(op)) return *refused;
    if (op.operation == "function") return {};
    const std::string& what = op.operation;
    bool table = op.target_type == "table";
    bool named = op.database.has_value() && op.table.has_value();
    if (what == "read" && table && named) return on_table(op, "view-table");
    if (what == "insert" || what == "update") {
        // Datasette asks for all three row actions: an INSERT can replace (ON CONFLICT, OR
        // REPLACE) and an UPDATE can delete through REPLACE too.
        if (table && named)
            return require({{"insert-row", *op.database, *op.table},
                            {"update-row", *op.database, *op.table},
                            {"delete-row", *op.database, *op.table}});
    }
    if (what == "delete" && table && named) return on_table(op, "delete-row");
    if (what == "create" && (table || op.target_type == "view") && op.database)
        return on_database(op, table ? "create-table" : "create-view");
    if (what == "drop" && op.target_type == "view" && named) return on_table(op, "drop-view");
    if (what == "alter" && table && named) return on_table(op, "alter-table");
    if (what == "drop" && table && named) return on_table(op, "drop-table");
    if ((what == "create" || what == "drop") && op.target_type == "index" && named) return on_table(op, "alter-table");
    return {DecisionKind::Unsupported, {}, "Unsupported SQL operation: " + op.operation + " " + op.target_type};
}

bool is_write(const SqlOperation& op) {
    static constexpr std::array<std::string_view, 17> writes = {
        "insert", "update", "delete", "create", "alter", "drop", "begin", "commit", "rollback",
        "savepoint", "attach", "detach", "pragma", "analyze", "reindex", "vacuum", "unknown"};
    for (auto w : writes)
        if (op.operation == w) return true;
    return false;
}

std::string required_permission_text(const WriteDecision& decision) {
    std::string text;
    for (const auto& need : decision.needs) text += (text.empty() ? "" : ", ") + need.action;
    return text;
}

}  // namespace liteserve::db
