// The action table, from Datasette 1.0a33's default_actions.py. The write-SQL and stored-query
// actions of 1.0a31+ are stored by their full names: Datasette's restriction checks accept a
// name or its abbreviation, so a full name is understood by both servers.
#include "auth/actions.h"

#include <array>

namespace liteserve::auth {
namespace {

constexpr std::array<ActionInfo, 18> kActions{{
    {"view-instance", "vi"},
    {"permissions-debug", "pd"},
    {"debug-menu", "dm"},
    {"view-database", "vd"},
    {"view-database-download", "vdd"},
    {"execute-sql", "es"},
    {"create-table", "ct"},
    {"view-table", "vt"},
    {"insert-row", "ir"},
    {"delete-row", "dr"},
    {"update-row", "ur"},
    {"alter-table", "at"},
    {"drop-table", "dt"},
    {"view-query", "vq"},
    {"execute-write-sql", ""},
    {"store-query", ""},
    {"update-query", ""},
    {"delete-query", ""},
}};

}  // namespace

std::span<const ActionInfo> known_actions() { return kActions; }

std::optional<std::string_view> token_action(std::string_view name) {
    for (const auto& action : kActions)
        if (action.name == name) return action.abbreviation.empty() ? action.name : action.abbreviation;
    return std::nullopt;
}

}  // namespace liteserve::auth
