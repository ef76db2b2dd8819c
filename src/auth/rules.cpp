// Reading the configured rules for one (actor, action, resource): which blocks apply at which
// level, and Datasette's restriction gate for restricted tokens.
#include "auth/rules.h"

#include <algorithm>

#include "auth/actions.h"

namespace liteserve::auth {
namespace {

struct Level {
    bool allow = false;
    bool deny = false;
    void add(bool ok) { (ok ? allow : deny) = true; }
    Verdict verdict() const { return deny ? Verdict::Deny : allow ? Verdict::Allow : Verdict::Unspecified; }
};

// Which `allow` blocks speak for this action: (instance, database, table, query).
struct AllowScope {
    bool instance = false, database = false, table = false, query = false;
};
AllowScope allow_scope(std::string_view action) {
    if (action == "view-instance") return {true, false, false, false};
    if (action == "view-database") return {true, true, false, false};
    if (action == "view-table") return {true, true, true, false};
    if (action == "view-query") return {true, true, false, true};
    return {};
}

class Collector {
public:
    Collector(const std::optional<Actor>& actor, std::string_view action, const Resource& resource)
        : actor_(actor), action_(action), resource_(resource), info_(find_action(action)) {}

    Level instance, database, child;

    void permissions(Level& level, const PermissionBlocks& blocks) {
        auto it = blocks.find(action_);
        if (it != blocks.end()) level.add(actor_matches_allow(actor_, it->second));
    }
    // An allow block that does not match the actor denies; a restricted token's databases and
    // tables then get the same deny (Datasette's _add_restriction_gate_denies).
    void allow_block(Level& level, const std::optional<AllowBlock>& block, bool applies) {
        if (!applies || !block) return;
        bool ok = actor_matches_allow(actor_, *block);
        level.add(ok);
        if (ok || &level == &child || !actor_ || !actor_->restrictions || !info_) return;
        if (&level == &instance && info_->scope != ActionScope::Instance && token_names_database()) database.add(false);
        if (info_->scope == ActionScope::Resource && token_names_child()) child.add(false);
    }

private:
    bool token_names_child() const {
        if (resource_.child.empty()) return false;
        for (const auto& db : actor_->restrictions->resources)
            if (db.database == resource_.database)
                for (const auto& r : db.resources)
                    if (r.resource == resource_.child && lists_action(r.actions, action_)) return true;
        return false;
    }
    bool token_names_database() const {
        const Restrictions& r = *actor_->restrictions;
        for (const auto& db : r.databases)
            if (db.database == resource_.database && lists_action(db.actions, action_)) return true;
        for (const auto& db : r.resources)
            if (db.database == resource_.database &&
                std::any_of(db.resources.begin(), db.resources.end(),
                            [&](const auto& res) { return lists_action(res.actions, action_); }))
                return true;
        return false;
    }

    const std::optional<Actor>& actor_;
    std::string_view action_;
    const Resource& resource_;
    const ActionInfo* info_;
};

template <typename Map>
const typename Map::mapped_type* find_in(const Map& map, std::string_view key) {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
}

}  // namespace

LevelVerdicts configured_verdicts(const PermissionRules& rules, const std::optional<Actor>& actor,
                                  std::string_view action, const Resource& resource) {
    Collector c(actor, action, resource);
    AllowScope scope = allow_scope(action);
    bool sql = action == "execute-sql";
    c.permissions(c.instance, rules.permissions);
    c.allow_block(c.instance, rules.allow, scope.instance);
    c.allow_block(c.instance, rules.allow_sql, sql);
    const DatabaseRules* db = resource.database.empty() ? nullptr : find_in(rules.databases, resource.database);
    if (db) {
        c.permissions(c.database, db->permissions);
        c.allow_block(c.database, db->allow, scope.database);
        c.allow_block(c.database, db->allow_sql, sql);
    }
    if (db && !resource.child.empty()) {
        if (const ChildRules* table = find_in(db->tables, resource.child)) {
            c.permissions(c.child, table->permissions);
            c.allow_block(c.child, table->allow, scope.table);
        }
        if (const ChildRules* query = find_in(db->queries, resource.child)) {
            c.permissions(c.child, query->permissions);
            c.allow_block(c.child, query->allow, scope.query);
        }
    }
    return {c.child.verdict(), c.database.verdict(), c.instance.verdict()};
}

}  // namespace liteserve::auth
