// Who may do what: Datasette's permission rules as one pure function. An action is asked
// about a resource (the instance, a database, or a table/view/stored query of a database);
// the answer combines the defaults, the root actor, the configuration's rules and the
// restrictions carried by the actor's token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/actor.h"

namespace liteserve::auth {

struct Resource {
    std::string database;  // empty: the instance
    std::string child;     // table, view or stored query; empty: the database itself
};

// What the configuration says about one (action, resource): an explicit allow or deny from
// an `allow` / `permissions` block, or nothing.
enum class Verdict { Allow, Deny, Unspecified };

struct PermissionPolicy {
    bool root_enabled = false;      // --root: the "root" actor may do everything
    bool default_allow_sql = true;  // execute-sql for everyone unless configured otherwise
    bool default_deny = false;      // --default-deny: nothing is allowed unless granted
};

struct PermissionQuery {
    const std::optional<Actor>& actor;
    std::string_view action;
    const Resource& resource;
    Verdict configured = Verdict::Unspecified;  // from the config rules (see config_verdict)
};

// The decision for one query under `policy`.
bool allowed(const PermissionPolicy& policy, const PermissionQuery& query);

// Datasette's restrictions_allow_action: whether a token's "_r" lets the actor attempt
// `action` on `resource` (restrictions only ever take permissions away).
bool restrictions_allow(const Restrictions& restrictions, std::string_view action, const Resource& resource);

}  // namespace liteserve::auth
