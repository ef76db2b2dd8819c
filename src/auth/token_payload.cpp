// Payload JSON in the exact bytes itsdangerous's _CompactJSON produces (see signing.h), and a
// strict reader over RapidJSON.
#include "auth/token_payload.h"


#include <rapidjson/document.h>

#include "auth/signing.h"

namespace liteserve::auth {
namespace {

using rapidjson::Value;

void append_list(std::string& out, const std::vector<std::string>& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += compact_json_string(items[i]);
    }
    out += ']';
}

// Writes `"name":{key: …, …}` for a list of entries, each written by `write_value`.
template <typename Entries, typename Key, typename WriteValue>
void append_map(std::string& out, const Entries& entries, Key key, WriteValue write_value) {
    out += '{';
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i) out += ',';
        out += compact_json_string(entries[i].*key);
        out += ':';
        write_value(entries[i]);
    }
    out += '}';
}

void append_restrictions(std::string& out, const Restrictions& r) {
    using R = Restrictions;
    out += '{';
    const char* separator = "";
    if (!r.all.empty()) {
        out += "\"a\":";
        append_list(out, r.all);
        separator = ",";
    }
    if (!r.databases.empty()) {
        out.append(separator).append("\"d\":");
        append_map(out, r.databases, &R::DatabaseActions::database, [&](const auto& e) { append_list(out, e.actions); });
        separator = ",";
    }
    if (!r.resources.empty()) {
        out.append(separator).append("\"r\":");
        append_map(out, r.resources, &R::DatabaseResources::database, [&](const auto& db) {
            append_map(out, db.resources, &R::ResourceActions::resource, [&](const auto& e) { append_list(out, e.actions); });
        });
    }
    out += '}';
}

std::optional<std::vector<std::string>> read_list(const Value& v) {
    if (!v.IsArray()) return std::nullopt;
    std::vector<std::string> items;
    for (const auto& item : v.GetArray()) {
        if (!item.IsString()) return std::nullopt;
        items.emplace_back(item.GetString(), item.GetStringLength());
    }
    return items;
}

std::string_view name_of(const Value& key) { return {key.GetString(), key.GetStringLength()}; }

// "_r": {"a": [..], "d": {db: [..]}, "r": {db: {resource: [..]}}}; other keys are ignored.
std::optional<Restrictions> read_restrictions(const Value& v) {
    if (!v.IsObject()) return std::nullopt;
    Restrictions r;
    if (auto it = v.FindMember("a"); it != v.MemberEnd()) {
        auto all = read_list(it->value);
        if (!all) return std::nullopt;
        r.all = std::move(*all);
    }
    if (auto it = v.FindMember("d"); it != v.MemberEnd()) {
        if (!it->value.IsObject()) return std::nullopt;
        for (const auto& db : it->value.GetObject()) {
            auto actions = read_list(db.value);
            if (!actions) return std::nullopt;
            r.databases.push_back({std::string(name_of(db.name)), std::move(*actions)});
        }
    }
    if (auto it = v.FindMember("r"); it != v.MemberEnd()) {
        if (!it->value.IsObject()) return std::nullopt;
        for (const auto& db : it->value.GetObject()) {
            if (!db.value.IsObject()) return std::nullopt;
            Restrictions::DatabaseResources entry{std::string(name_of(db.name)), {}};
            for (const auto& resource : db.value.GetObject()) {
                auto actions = read_list(resource.value);
                if (!actions) return std::nullopt;
                entry.resources.push_back({std::string(name_of(resource.name)), std::move(*actions)});
            }
            r.resources.push_back(std::move(entry));
        }
    }
    return r;
}

}  // namespace

std::string payload_json(const TokenPayload& payload) {
    std::string out = "{\"a\":";
    out += compact_json_string(payload.actor_id);
    out += ",\"t\":" + std::to_string(payload.created);
    if (payload.duration) out += ",\"d\":" + std::to_string(*payload.duration);
    if (payload.restrictions) {
        out += ",\"_r\":";
        append_restrictions(out, *payload.restrictions);
    }
    out += '}';
    return out;
}

std::optional<TokenPayload> parse_payload_json(std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
    auto a = doc.FindMember("a");
    auto t = doc.FindMember("t");
    if (a == doc.MemberEnd() || !a->value.IsString() || t == doc.MemberEnd() || !t->value.IsInt64())
        return std::nullopt;
    TokenPayload payload{std::string(name_of(a->value)), t->value.GetInt64(), std::nullopt, std::nullopt};
    if (auto d = doc.FindMember("d"); d != doc.MemberEnd() && !d->value.IsNull()) {
        if (!d->value.IsInt64()) return std::nullopt;
        payload.duration = d->value.GetInt64();
    }
    if (auto r = doc.FindMember("_r"); r != doc.MemberEnd()) {
        payload.restrictions = read_restrictions(r->value);
        if (!payload.restrictions) return std::nullopt;
    }
    return payload;
}

}  // namespace liteserve::auth
