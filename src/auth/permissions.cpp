// Datasette's defaults: reading is open, writing needs a grant; root may do everything when
// enabled; a restricted token narrows whatever the actor could otherwise do.
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

bool is_read_action(std::string_view action) {
    return action == "view-instance" || action == "view-database" || action == "view-table" ||
           action == "view-query" || action == "view-database-download";
}

// The action's name and abbreviation: a token may spell it either way.
bool mentions(const std::vector<std::string>& listed, std::string_view action) {
    auto abbreviation = token_action(action);
    return std::any_of(listed.begin(), listed.end(), [&](const std::string& a) {
        return a == action || (abbreviation && a == *abbreviation);
    });
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

bool default_allows(const PermissionPolicy& policy, std::string_view action) {
    if (policy.default_deny) return false;
    if (is_read_action(action)) return true;
    if (action == "execute-sql") return policy.default_allow_sql;
    return false;
}

}  // namespace

bool restrictions_allow(const Restrictions& r, std::string_view action, const Resource& resource) {
    if (implies_view(r, action, resource)) return true;
    if (mentions(r.all, action)) return true;
    if (resource.database.empty()) return false;
    for (const auto& d : r.databases)
        if (d.database == resource.database && mentions(d.actions, action)) return true;
    if (resource.child.empty()) return false;
    for (const auto& d : r.resources) {
        if (d.database != resource.database) continue;
        for (const auto& res : d.resources)
            if (res.resource == resource.child && mentions(res.actions, action)) return true;
    }
    return false;
}

bool allowed(const PermissionPolicy& policy, const PermissionQuery& q) {
    if (q.actor && q.actor->restrictions && !restrictions_allow(*q.actor->restrictions, q.action, q.resource))
        return false;
    if (q.configured == Verdict::Deny) return false;
    if (q.configured == Verdict::Allow) return true;
    if (policy.root_enabled && q.actor && q.actor->id == "root") return true;
    return default_allows(policy, q.action);
}

}  // namespace liteserve::auth
