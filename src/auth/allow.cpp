// Allow blocks: parsing their JSON with RapidJSON, and matching them against an actor the
// way Datasette's actor_matches_allow does.
#include "auth/allow.h"

#include <algorithm>
#include <stdexcept>

#include <rapidjson/document.h>

namespace liteserve::auth {
namespace {

using rapidjson::Value;

constexpr const char* kShape = "must be true, false or an object of actor keys to values or lists of values";

AllowScalar scalar(const Value& v) {
    AllowScalar s;
    if (v.IsNull()) return s;
    if (v.IsBool()) return {AllowScalar::Type::Bool, v.GetBool() ? 1.0 : 0.0, {}};
    if (v.IsNumber()) return {AllowScalar::Type::Number, v.GetDouble(), {}};
    if (v.IsString()) return {AllowScalar::Type::String, 0, std::string(v.GetString(), v.GetStringLength())};
    throw std::invalid_argument(kShape);
}

AllowScalar text(std::string value) { return {AllowScalar::Type::String, 0, std::move(value)}; }

// The actor's values for `key`; nullopt when the actor has no such key. "_r" is present but
// is a dict, which no listed value equals.
std::optional<std::vector<AllowScalar>> actor_values(const Actor& actor, std::string_view key) {
    if (key == "id") return std::vector{text(actor.id)};
    if (key == "token" && !actor.token.empty()) return std::vector{text(actor.token)};
    if (key == "token_expires" && actor.token_expires)
        return std::vector{AllowScalar{AllowScalar::Type::Number, static_cast<double>(*actor.token_expires), {}}};
    if (key == "_r" && actor.restrictions) return std::vector<AllowScalar>{};
    return std::nullopt;
}

bool is_lone(const AllowBlock::Condition& c, const AllowScalar& value) {
    return !c.is_list && c.values.size() == 1 && c.values.front() == value && c.values.front().type == value.type;
}

}  // namespace

bool AllowScalar::operator==(const AllowScalar& other) const {
    bool numeric = type == Type::Bool || type == Type::Number;
    bool other_numeric = other.type == Type::Bool || other.type == Type::Number;
    if (numeric && other_numeric) return number == other.number;
    if (type != other.type) return false;
    return type == Type::Null || text == other.text;
}

AllowBlock parse_allow_block(std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError()) throw std::invalid_argument("is not valid JSON");
    AllowBlock block;
    if (doc.IsBool()) {
        block.kind = doc.GetBool() ? AllowBlock::Kind::Everyone : AllowBlock::Kind::NoOne;
        return block;
    }
    if (!doc.IsObject()) throw std::invalid_argument(kShape);
    for (const auto& member : doc.GetObject()) {
        AllowBlock::Condition c;
        c.key.assign(member.name.GetString(), member.name.GetStringLength());
        c.is_list = member.value.IsArray();
        if (c.is_list)
            for (const auto& item : member.value.GetArray()) c.values.push_back(scalar(item));
        else
            c.values.push_back(scalar(member.value));
        block.conditions.push_back(std::move(c));
    }
    return block;
}

bool actor_matches_allow(const std::optional<Actor>& actor, const AllowBlock& allow) {
    if (allow.kind != AllowBlock::Kind::Match) return allow.kind == AllowBlock::Kind::Everyone;
    const AllowScalar yes{AllowScalar::Type::Bool, 1, {}};
    const AllowScalar star = text("*");
    if (!actor)
        return std::any_of(allow.conditions.begin(), allow.conditions.end(),
                           [&](const auto& c) { return c.key == "unauthenticated" && is_lone(c, yes); });
    for (const auto& c : allow.conditions) {
        auto values = actor_values(*actor, c.key);
        if (!values) continue;
        if (is_lone(c, star)) return true;
        for (const auto& value : *values)
            if (std::find(c.values.begin(), c.values.end(), value) != c.values.end()) return true;
    }
    return false;
}

}  // namespace liteserve::auth
