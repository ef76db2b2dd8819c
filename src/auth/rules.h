// The permission rules of a configuration file, as plain values: `allow` blocks (who may
// see the instance, a database, a table or view, a stored query), `allow_sql` blocks (who
// may run SQL) and `permissions` blocks (action name → allow block) at the instance, database
// and table/query levels. Filled by config/, read by auth::allowed.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "auth/allow.h"

namespace liteserve::auth {

struct Resource {
    std::string database;  // empty: the instance
    std::string child;     // table, view or stored query; empty: the database itself
};

// An explicit allow or deny, or nothing.
enum class Verdict { Allow, Deny, Unspecified };

// Action name → who may do it.
using PermissionBlocks = std::map<std::string, AllowBlock, std::less<>>;

struct ChildRules {  // one table, view or stored query
    std::optional<AllowBlock> allow;
    PermissionBlocks permissions;
};

struct DatabaseRules {
    std::optional<AllowBlock> allow;
    std::optional<AllowBlock> allow_sql;
    PermissionBlocks permissions;
    std::map<std::string, ChildRules, std::less<>> tables;
    std::map<std::string, ChildRules, std::less<>> queries;
};

struct PermissionRules {
    std::optional<AllowBlock> allow;
    std::optional<AllowBlock> allow_sql;
    PermissionBlocks permissions;
    std::map<std::string, DatabaseRules, std::less<>> databases;
};

// What the rules say about (actor, action, resource) at each level, as Datasette's
// config_permissions_sql lays them out: a deny at a level beats an allow at the same level.
// `allow` blocks count for the view actions (view-instance at the instance only, view-database
// at the instance and database, view-table and view-query at every level); `allow_sql` for
// execute-sql. A restricted token's actor also gets Datasette's "restriction gate": an allow
// block that denies it higher up is repeated on the databases and tables its token names.
struct LevelVerdicts {
    Verdict resource = Verdict::Unspecified;
    Verdict database = Verdict::Unspecified;
    Verdict instance = Verdict::Unspecified;
};
LevelVerdicts configured_verdicts(const PermissionRules& rules, const std::optional<Actor>& actor,
                                  std::string_view action, const Resource& resource);

}  // namespace liteserve::auth
