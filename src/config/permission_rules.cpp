// Permission blocks from Datasette's config JSON: each allow block is checked and parsed by
// auth::parse_allow_block; a bad shape is a one-line start-up error naming the file and place.
#include "config/permission_rules.h"

#include <stdexcept>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace liteserve::config {
namespace {

using rapidjson::Value;

std::string to_json(const Value& v) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    v.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string name_of(const Value& name) { return std::string(name.GetString(), name.GetStringLength()); }

class RulesLoader {
public:
    RulesLoader(std::string file, bool allow_only) : file_(std::move(file)), allow_only_(allow_only) {}

    auth::PermissionRules instance(const Value& root) const {
        auth::PermissionRules rules;
        rules.allow = block(root, "allow", "");
        if (!allow_only_) {
            rules.allow_sql = block(root, "allow_sql", "");
            rules.permissions = permissions(root, "");
        }
        const Value* dbs = member(root, "databases", "");
        if (dbs)
            for (const auto& db : dbs->GetObject())
                rules.databases[name_of(db.name)] = database(db.value, "databases." + name_of(db.name));
        return rules;
    }

private:
    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw std::invalid_argument(file_ + ": " + where + " " + what);
    }
    // The object at obj[key] (nullptr when absent or null); anything else is an error.
    const Value* member(const Value& obj, const char* key, const std::string& where) const {
        auto it = obj.FindMember(key);
        if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
        if (!it->value.IsObject()) fail(where + (where.empty() ? "" : ".") + key, "must be a JSON object");
        return &it->value;
    }
    std::optional<auth::AllowBlock> parse(const Value& v, const std::string& where) const {
        if (v.IsNull()) return std::nullopt;
        try {
            return auth::parse_allow_block(to_json(v));
        } catch (const std::invalid_argument& e) {
            fail(where, e.what());
        }
    }
    std::optional<auth::AllowBlock> block(const Value& obj, const char* key, const std::string& where) const {
        auto it = obj.FindMember(key);
        if (it == obj.MemberEnd()) return std::nullopt;
        return parse(it->value, where + (where.empty() ? "" : ".") + key);
    }
    auth::PermissionBlocks permissions(const Value& obj, const std::string& where) const {
        auth::PermissionBlocks blocks;
        std::string here = where + (where.empty() ? "" : ".") + "permissions";
        if (const Value* p = member(obj, "permissions", where))
            for (const auto& action : p->GetObject())
                if (auto b = parse(action.value, here + "." + name_of(action.name))) blocks[name_of(action.name)] = *b;
        return blocks;
    }
    auth::ChildRules child(const Value& v, const std::string& where) const {
        auth::ChildRules rules;
        if (!v.IsObject()) return rules;  // a stored query given as its SQL string
        rules.allow = block(v, "allow", where);
        if (!allow_only_) rules.permissions = permissions(v, where);
        return rules;
    }
    auth::DatabaseRules database(const Value& v, const std::string& where) const {
        if (!v.IsObject()) fail(where, "must be a JSON object");
        auth::DatabaseRules rules;
        rules.allow = block(v, "allow", where);
        if (!allow_only_) {
            rules.allow_sql = block(v, "allow_sql", where);
            rules.permissions = permissions(v, where);
        }
        if (const Value* tables = member(v, "tables", where))
            for (const auto& t : tables->GetObject())
                rules.tables[name_of(t.name)] = child(t.value, where + ".tables." + name_of(t.name));
        if (const Value* queries = member(v, "queries", where))
            for (const auto& q : queries->GetObject())
                rules.queries[name_of(q.name)] = child(q.value, where + ".queries." + name_of(q.name));
        return rules;
    }

    std::string file_;
    bool allow_only_;
};

void overlay(std::optional<auth::AllowBlock>& onto, const std::optional<auth::AllowBlock>& from) {
    if (from) onto = from;
}

void overlay_children(std::map<std::string, auth::ChildRules, std::less<>>& onto,
                      const std::map<std::string, auth::ChildRules, std::less<>>& from) {
    for (const auto& [name, rules] : from) overlay(onto[name].allow, rules.allow);
}

}  // namespace

auth::PermissionRules load_permission_rules(const std::string& file, const rapidjson::Value& root) {
    return RulesLoader(file, false).instance(root);
}

auth::PermissionRules load_metadata_allow_blocks(const std::string& file, const rapidjson::Value& root) {
    return RulesLoader(file, true).instance(root);
}

void overlay_allow_blocks(auth::PermissionRules& rules, const auth::PermissionRules& metadata) {
    overlay(rules.allow, metadata.allow);
    for (const auto& [name, db] : metadata.databases) {
        auth::DatabaseRules& onto = rules.databases[name];
        overlay(onto.allow, db.allow);
        overlay_children(onto.tables, db.tables);
        overlay_children(onto.queries, db.queries);
    }
}

namespace {

// Erases (rather than RapidJSON's RemoveMember, which moves the last member into the gap) so
// that the metadata keeps its key order.
void erase_allow(rapidjson::Value& object) {
    if (auto it = object.FindMember("allow"); it != object.MemberEnd()) object.EraseMember(it);
}

}  // namespace

void strip_allow_blocks(rapidjson::Value& root) {
    erase_allow(root);
    auto dbs = root.FindMember("databases");
    if (dbs == root.MemberEnd() || !dbs->value.IsObject()) return;
    for (auto& db : dbs->value.GetObject()) {
        if (!db.value.IsObject()) continue;
        erase_allow(db.value);
        for (const char* kind : {"tables", "queries"}) {
            auto children = db.value.FindMember(kind);
            if (children == db.value.MemberEnd() || !children->value.IsObject()) continue;
            for (auto& child : children->value.GetObject())
                if (child.value.IsObject()) erase_allow(child.value);
        }
    }
}

}  // namespace liteserve::config
