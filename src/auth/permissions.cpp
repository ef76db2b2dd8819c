// Datasette's permission resolution: also_requires, token restrictions, then the cascade of
// rule levels with the defaults and the root actor at the instance level.
#include "auth/permissions.h"

#include <algorithm>
#include <array>

#include "auth/actions.h"

namespace liteserve::auth {
namespace {

// Actions that let an actor see things: a token allowed any of them may view the instance
// (and, for those that take a database, that database), as in Datasette's implies_can_view.
struct ViewAction {
    std::string_view name;
    bool takes_database;
};
constexpr std::array<ViewAction, 6> kViewActions{{
    {"view-instance", false}, {"view-database", true}, {"view-database-download", true},
    {"view-table", true}, {"view-query", true}, {"execute-sql", true},
}};

bool default_allows(const PermissionPolicy& policy, std::string_view action) {
    if (policy.default_deny) return false;
    return action == "view-instance" || action == "view-database" || action == "view-table" ||
           action == "view-query" || action == "view-database-download" || action == "execute-sql";
}

const ViewAction* view_action(std::string_view name) {
    for (const auto& v : kViewActions)
        if (v.name == name || token_action(v.name) == name) return &v;
    return nullptr;
}

std::vector<std::string> listed_anywhere(const Restrictions& r, const std::string* only_database) {
    std::vector<std::string> all = r.all;
    for (const auto& d : r.databases)
        if (!only_database || d.database == *only_database) all.insert(all.end(), d.actions.begin(), d.actions.end());
    for (const auto& d : r.resources)
        if (!only_database || d.database == *only_database)
            for (const auto& res : d.resources) all.insert(all.end(), res.actions.begin(), res.actions.end());
    return all;
}

bool implies_view(const Restrictions& r, std::string_view action, const Resource& resource) {
    if (action == "view-instance") {
        auto all = listed_anywhere(r, nullptr);
        return std::any_of(all.begin(), all.end(), [](const std::string& a) { return view_action(a) != nullptr; });
    }
    if (action == "view-database") {
        auto all = listed_anywhere(r, &resource.database);
        return std::any_of(all.begin(), all.end(), [](const std::string& a) {
            const ViewAction* v = view_action(a);
            return v && v->takes_database;
        });
    }
    return false;
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

bool restrictions_allow(const Restrictions& r, std::string_view action, const Resource& resource) {
    if (implies_view(r, action, resource)) return true;
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
