// The action table, from Datasette 1.0a33's default_actions.py. The write-SQL and stored-query
// actions of 1.0a31+ are stored by their full names: Datasette's restriction checks accept a
// name or its abbreviation, so a full name is understood by both servers.
#include "auth/actions.h"

#include <array>

namespace liteserve::auth {
namespace {

using enum ActionScope;

constexpr std::array<ActionInfo, 18> kActions{{
    {"view-instance", "vi", Instance, ""},
    {"permissions-debug", "pd", Instance, ""},
    {"debug-menu", "dm", Instance, ""},
    {"view-database", "vd", Database, ""},
    {"view-database-download", "vdd", Database, "view-database"},
    {"execute-sql", "es", Database, "view-database"},
    {"create-table", "ct", Database, ""},
    {"view-table", "vt", Resource, ""},
    {"insert-row", "ir", Resource, ""},
    {"delete-row", "dr", Resource, ""},
    {"update-row", "ur", Resource, ""},
    {"alter-table", "at", Resource, ""},
    {"drop-table", "dt", Resource, ""},
    {"view-query", "vq", Resource, ""},
    {"execute-write-sql", "", Database, "view-database"},
    {"store-query", "", Database, ""},
    {"update-query", "", Resource, ""},
    {"delete-query", "", Resource, ""},
}};

}  // namespace


const ActionInfo* find_action(std::string_view name) {
    for (const auto& action : kActions)
        if (action.name == name) return &action;
    return nullptr;
}

std::optional<std::string_view> token_action(std::string_view name) {
    const ActionInfo* action = find_action(name);
    if (!action) return std::nullopt;
    return action->abbreviation.empty() ? action->name : action->abbreviation;
}

}  // namespace liteserve::auth
