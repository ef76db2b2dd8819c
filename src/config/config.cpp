// Parsing Datasette's config/metadata JSON with RapidJSON and checking the shapes we use.
#include "config/config.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "config/permission_rules.h"

namespace liteserve::config {
namespace {

using rapidjson::Value;

struct Loader {
    std::string file;

    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw std::invalid_argument(file + ": " + where + " " + what);
    }
    const Value& object(const Value& v, const std::string& where) const {
        if (!v.IsObject()) fail(where, "must be a JSON object");
        return v;
    }
    std::optional<std::string> text(const Value& obj, const char* key, const std::string& where) const {
        auto it = obj.FindMember(key);
        if (it == obj.MemberEnd() || it->value.IsNull()) return std::nullopt;
        if (!it->value.IsString()) fail(where + "." + key, "must be a string");
        return std::string(it->value.GetString(), it->value.GetStringLength());
    }
    bool flag(const Value& obj, const char* key, const std::string& where) const {
        auto it = obj.FindMember(key);
        if (it == obj.MemberEnd()) return false;
        if (!it->value.IsBool()) fail(where + "." + key, "must be true or false");
        return it->value.GetBool();
    }
};

std::string to_json(const Value& v) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    v.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

// The object minus some keys: database metadata is shown without its nested tables/queries.
std::string to_json_without(const Value& object, std::initializer_list<const char*> skipped) {
    rapidjson::Document copy;
    copy.CopyFrom(object, copy.GetAllocator());
    for (const char* key : skipped) copy.RemoveMember(key);
    return to_json(copy);
}

rapidjson::Document parse_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument(path + ": cannot be read");
    std::stringstream content;
    content << in.rdbuf();
    rapidjson::Document doc;
    doc.Parse(content.str().c_str());
    if (doc.HasParseError())
        throw std::invalid_argument(path + ": invalid JSON at offset " + std::to_string(doc.GetErrorOffset()) +
                                    ": " + rapidjson::GetParseError_En(doc.GetParseError()));
    if (!doc.IsObject()) throw std::invalid_argument(path + ": must contain a JSON object");
    return doc;
}

CannedQuery load_query(const Loader& l, const std::string& name, const Value& v, const std::string& where) {
    CannedQuery q;
    q.name = name;
    if (v.IsString()) {
        q.sql = v.GetString();
        q.options_json = "{\"sql\":" + to_json(v) + "}";
        return q;
    }
    l.object(v, where);
    auto sql = l.text(v, "sql", where);
    if (!sql) l.fail(where, "needs a \"sql\" string");
    q.sql = *sql;
    q.title = l.text(v, "title", where);
    q.description = l.text(v, "description", where);
    q.description_html = l.text(v, "description_html", where);
    q.fragment = l.text(v, "fragment", where);
    q.hide_sql = l.flag(v, "hide_sql", where);
    q.write = l.flag(v, "write", where);
    if (auto params = v.FindMember("params"); params != v.MemberEnd()) {
        if (!params->value.IsArray()) l.fail(where + ".params", "must be a list of parameter names");
        for (const auto& p : params->value.GetArray()) {
            if (!p.IsString()) l.fail(where + ".params", "must be a list of parameter names");
            q.params.emplace_back(p.GetString(), p.GetStringLength());
        }
    }
    q.on_success_message = l.text(v, "on_success_message", where);
    q.on_success_message_sql = l.text(v, "on_success_message_sql", where);
    q.on_success_redirect = l.text(v, "on_success_redirect", where);
    q.on_error_message = l.text(v, "on_error_message", where);
    q.on_error_redirect = l.text(v, "on_error_redirect", where);
    q.options_json = to_json(v);
    return q;
}

std::optional<std::vector<std::string>> string_list(const Loader& l, const Value& obj, const char* key,
                                                    const std::string& where) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return std::nullopt;
    if (!it->value.IsArray()) l.fail(where + "." + key, "must be a list of column names");
    std::vector<std::string> out;
    for (const auto& item : it->value.GetArray()) {
        if (!item.IsString()) l.fail(where + "." + key, "must be a list of column names");
        out.emplace_back(item.GetString());
    }
    return out;
}

// One entry of "facets": "col" (a column facet) or {"type": "col"} / {"type": {"column": "col"}}
// with type column, array or date, as Datasette's load_facet_configs reads them.
FacetConfig load_facet(const Loader& l, const Value& item, const std::string& where) {
    if (item.IsString()) return {"column", item.GetString()};
    if (!item.IsObject() || item.MemberCount() != 1)
        l.fail(where, "must be a column name or an object {\"column\"|\"array\"|\"date\": column}");
    const auto& entry = *item.MemberBegin();
    std::string type = entry.name.GetString();
    if (type != "column" && type != "array" && type != "date")
        l.fail(where, "has an unknown facet type \"" + type + "\" (column, array or date)");
    if (entry.value.IsString()) return {type, entry.value.GetString()};
    auto column = entry.value.IsObject() ? l.text(entry.value, "column", where + "." + type) : std::nullopt;
    if (!column) l.fail(where + "." + type, "must be a column name or {\"column\": column}");
    return {type, *column};
}

void load_facets(const Loader& l, TableConfig& t, const Value& v, const std::string& where) {
    if (auto it = v.FindMember("facets"); it != v.MemberEnd()) {
        if (!it->value.IsArray()) l.fail(where + ".facets", "must be a list");
        // A later file (config after metadata) replaces the list rather than adding to it.
        std::vector<FacetConfig> facets;
        for (const auto& item : it->value.GetArray())
            facets.push_back(load_facet(l, item, where + ".facets[" + std::to_string(facets.size()) + "]"));
        t.facets = std::move(facets);
    }
    if (auto it = v.FindMember("facet_size"); it != v.MemberEnd()) {
        const Value& size = it->value;
        if (size.IsString() && std::string(size.GetString()) == "max") t.facet_size = TableConfig::kFacetSizeMax;
        else if (size.IsInt64() && size.GetInt64() > 0) t.facet_size = size.GetInt64();
        else l.fail(where + ".facet_size", "must be a positive integer or \"max\"");
    }
}

void load_table(const Loader& l, TableConfig& t, const Value& v, const std::string& where) {
    l.object(v, where);
    if (auto cols = string_list(l, v, "sortable_columns", where)) t.sortable_columns = cols;
    if (v.HasMember("hidden")) t.hidden = l.flag(v, "hidden", where);
    if (auto s = l.text(v, "label_column", where)) t.label_column = s;
    if (auto s = l.text(v, "sort", where)) t.sort = s;
    if (auto s = l.text(v, "sort_desc", where)) t.sort_desc = s;
    if (auto s = l.text(v, "fts_table", where)) t.fts_table = s;
    if (auto s = l.text(v, "fts_pk", where)) t.fts_pk = s;
    if (auto s = l.text(v, "searchmode", where)) t.searchmode = s;
    if (auto it = v.FindMember("size"); it != v.MemberEnd()) {
        if (!it->value.IsInt64() || it->value.GetInt64() < 0) l.fail(where + ".size", "must be a positive integer");
        t.size = it->value.GetInt64();
    }
    load_facets(l, t, v, where);
}

// Applies one file's "databases" block: config files carry queries and table options,
// metadata files carry descriptions; Datasette accepts both kinds of keys in both files.
void load_databases(const Loader& l, Config& config, const Value& root, bool is_metadata) {
    auto dbs = root.FindMember("databases");
    if (dbs == root.MemberEnd()) return;
    l.object(dbs->value, "databases");
    for (const auto& db : dbs->value.GetObject()) {
        std::string db_name = db.name.GetString();
        std::string where = "databases." + db_name;
        l.object(db.value, where);
        DatabaseConfig& dc = config.databases[db_name];
        if (is_metadata) dc.metadata_json = to_json_without(db.value, {"tables", "queries"});
        if (auto tables = db.value.FindMember("tables"); tables != db.value.MemberEnd()) {
            l.object(tables->value, where + ".tables");
            for (const auto& t : tables->value.GetObject()) {
                TableConfig& tc = dc.tables[t.name.GetString()];
                load_table(l, tc, t.value, where + ".tables." + t.name.GetString());
                // Only the metadata file describes tables: a config file's table options
                // are never metadata (Datasette's _extra=metadata reads the metadata tables).
                if (is_metadata) tc.metadata_json = to_json(t.value);
            }
        }
        if (auto queries = db.value.FindMember("queries"); queries != db.value.MemberEnd()) {
            l.object(queries->value, where + ".queries");
            for (const auto& q : queries->value.GetObject())
                dc.queries.push_back(load_query(l, q.name.GetString(), q.value,
                                                where + ".queries." + q.name.GetString()));
        }
    }
}

// Replaces the values of secret-looking keys, as Datasette's /-/config.json does.
void redact(Value& v, rapidjson::Document::AllocatorType& alloc) {
    if (v.IsObject()) {
        for (auto& m : v.GetObject()) {
            std::string key = m.name.GetString();
            for (const char* secret : {"secret", "key", "password", "token", "hash", "dsn"}) {
                if (key.find(secret) != std::string::npos && m.value.IsString()) {
                    m.value.SetString("***", alloc);
                    break;
                }
            }
            redact(m.value, alloc);
        }
    } else if (v.IsArray()) {
        for (auto& item : v.GetArray()) redact(item, alloc);
    }
}

}  // namespace

const DatabaseConfig* Config::database(std::string_view name) const {
    auto it = databases.find(name);
    return it == databases.end() ? nullptr : &it->second;
}

const TableConfig* Config::table(std::string_view db, std::string_view table) const {
    const DatabaseConfig* dc = database(db);
    if (!dc) return nullptr;
    auto it = dc->tables.find(table);
    return it == dc->tables.end() ? nullptr : &it->second;
}

Config load_config(const std::string& config_path, const std::string& metadata_path) {
    Config config;
    auth::PermissionRules metadata_allow;
    if (!metadata_path.empty()) {
        auto doc = parse_file(metadata_path);
        metadata_allow = load_metadata_allow_blocks(metadata_path, doc);
        strip_allow_blocks(doc);  // Datasette moves them into the configuration
        load_databases(Loader{metadata_path}, config, doc, true);
        doc.RemoveMember("databases");
        config.metadata_json = to_json(doc);
    }
    if (!config_path.empty()) {
        auto doc = parse_file(config_path);
        load_databases(Loader{config_path}, config, doc, false);
        config.permissions = load_permission_rules(config_path, doc);  // before redaction
        redact(doc, doc.GetAllocator());
        config.config_json = to_json(doc);
    }
    overlay_allow_blocks(config.permissions, metadata_allow);
    return config;
}

}  // namespace liteserve::config
