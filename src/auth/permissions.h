// Who may do what: Datasette's permission rules as one pure function. An action is asked
// about a resource (the instance, a database, or a table/view/stored query of a database);
// the answer combines the defaults, the root actor, the configuration's rules (auth/rules.h)
// and the restrictions carried by the actor's token.
#pragma once

#include <optional>
#include <string_view>

#include "auth/actor.h"
#include "auth/rules.h"

namespace liteserve::auth {

struct PermissionPolicy {
    bool root_enabled = false;      // --root: the "root" actor may do everything not denied
    bool default_allow_sql = true;  // the default_allow_sql setting (off: execute-sql denied)
    bool default_deny = false;      // --default-deny: nothing is allowed unless granted
};

struct PermissionQuery {
    const std::optional<Actor>& actor;
    std::string_view action;
    const Resource& resource;
};

// The decision for one query, resolved as Datasette 1.0a33 does: an action's also_requires
// must be allowed too; a restricted token must name the action for the resource; then the
// most specific level with a rule decides (table/query, then database, then instance), a deny
// beating an allow at the same level. The instance level holds the configuration's
// instance rules, the root actor's allow (with --root), default_allow_sql's deny (when off)
// and the defaults (unless --default-deny): viewing and execute-sql are allowed, writing is not.
bool allowed(const PermissionPolicy& policy, const PermissionRules& rules, const PermissionQuery& query);

// Datasette's restrictions_allow_action: whether a token's "_r" lets the actor attempt
// `action` on `resource` (restrictions only ever take permissions away). Any view action on
// a database implies view-database there and view-instance; any on the instance, view-instance.
bool restrictions_allow(const Restrictions& restrictions, std::string_view action, const Resource& resource);

}  // namespace liteserve::auth
