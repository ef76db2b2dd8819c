// Datasette's permission resolution: also_requires, token restrictions (exact matches), then
// the cascade of rule levels with the defaults and the root actor at the instance level.
#include "auth/permissions.h"


#include "auth/actions.h"

namespace liteserve::auth {
namespace {

bool default_allows(const PermissionPolicy& policy, std::string_view action) {
    if (policy.default_deny) return false;
    return action == "view-instance" || action == "view-database" || action == "view-table" ||
           action == "view-query" || action == "view-database-download" || action == "execute-sql";
}

// The instance level: configured instance rules, root, default_allow_sql and the defaults.
bool instance_level(const PermissionPolicy& policy, const PermissionQuery& q, Verdict configured) {
    if (configured == Verdict::Deny) return false;
    if (q.action == "execute-sql" && !policy.default_allow_sql) return false;
    if (configured == Verdict::Allow) return true;
    if (policy.root_enabled && q.actor && q.actor->id == "root") return true;
    return default_allows(policy, q.action);
}

}  // namespace

// Exact matches only, as Datasette 1.0a33's restrictions_allow_action: a token allowed
// view-table may read tables but is not thereby allowed view-instance or view-database.
bool restrictions_allow(const Restrictions& r, std::string_view action, const Resource& resource) {
    if (lists_action(r.all, action)) return true;
    if (resource.database.empty()) return false;
    for (const auto& d : r.databases)
        if (d.database == resource.database && lists_action(d.actions, action)) return true;
    if (resource.child.empty()) return false;
    for (const auto& d : r.resources) {
        if (d.database != resource.database) continue;
        for (const auto& res : d.resources)
            if (res.resource == resource.child && lists_action(res.actions, action)) return true;
    }
    return false;
}

bool allowed(const PermissionPolicy& policy, const PermissionRules& rules, const PermissionQuery& q) {
    const ActionInfo* info = find_action(q.action);
    if (info && !info->also_requires.empty() &&
        !allowed(policy, rules, {q.actor, info->also_requires, Resource{q.resource.database, {}}}))
        return false;
    if (q.actor && q.actor->restrictions && !restrictions_allow(*q.actor->restrictions, q.action, q.resource))
        return false;
    LevelVerdicts levels = configured_verdicts(rules, q.actor, q.action, q.resource);
    if (levels.resource != Verdict::Unspecified) return levels.resource == Verdict::Allow;
    if (levels.database != Verdict::Unspecified) return levels.database == Verdict::Allow;
    return instance_level(policy, q, levels.instance);
}

}  // namespace liteserve::auth
