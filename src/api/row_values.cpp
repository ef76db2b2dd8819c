// JSON → SQLite values, column lookups and the per-row checks of the write API.
#include "api/row_values.h"

#include <algorithm>
#include <set>

#include "api/json_writer.h"
#include "api/write_body.h"

namespace liteserve::api {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "\", \"" : "\"") + names[i];
    return out + "\"";
}

// sqlite-utils' types_for_column_types over the kinds seen in one column.
std::string type_for(std::set<JsonKind> kinds) {
    if (kinds.size() > 1) kinds.erase(JsonKind::Null);
    auto within = [&](std::set<JsonKind> allowed) {
        return std::includes(allowed.begin(), allowed.end(), kinds.begin(), kinds.end());
    };
    if (kinds.size() == 1) {
        JsonKind only = *kinds.begin();
        if (only == JsonKind::Bool || only == JsonKind::Integer) return "INTEGER";
        if (only == JsonKind::Float) return "FLOAT";
        return "TEXT";
    }
    if (within({JsonKind::Bool, JsonKind::Integer})) return "INTEGER";
    if (within({JsonKind::Bool, JsonKind::Integer, JsonKind::Float})) return "FLOAT";
    return "TEXT";
}

}  // namespace

std::optional<std::size_t> RowValues::find(std::string_view column) const {
    auto at = std::find(columns.begin(), columns.end(), column);
    if (at == columns.end()) return std::nullopt;
    return static_cast<std::size_t>(at - columns.begin());
}

JsonKind json_kind(const rapidjson::Value& value) {
    if (value.IsNull()) return JsonKind::Null;
    if (value.IsBool()) return JsonKind::Bool;
    if (value.IsInt64() || value.IsUint64()) return JsonKind::Integer;
    if (value.IsNumber()) return JsonKind::Float;
    if (value.IsString()) return JsonKind::String;
    return JsonKind::Json;
}

db::Value to_value(const rapidjson::Value& value) {
    switch (json_kind(value)) {
        case JsonKind::Null: return nullptr;
        case JsonKind::Bool: return std::int64_t{value.GetBool() ? 1 : 0};
        case JsonKind::Integer:
            // Python's sqlite3 refuses such an int with this OverflowError, which Datasette
            // answers as the 400's message.
            if (!value.IsInt64()) throw WriteFailure(400, "Python int too large to convert to SQLite INTEGER");
            return value.GetInt64();
        case JsonKind::Float: return value.GetDouble();
        case JsonKind::String: return std::string(value.GetString(), value.GetStringLength());
        case JsonKind::Json: return json_text(value);
    }
    return nullptr;
}

std::string json_text(const rapidjson::Value& value) {
    std::string out;
    JsonWriter w(out);
    write_json_value(w, value);
    return out;
}

bool truthy(const rapidjson::Value& value) {
    if (value.IsNull()) return false;
    if (value.IsBool()) return value.GetBool();
    if (value.IsNumber()) return value.GetDouble() != 0.0;
    if (value.IsString()) return value.GetStringLength() > 0;
    if (value.IsArray()) return !value.Empty();
    return value.MemberCount() > 0;
}

const rapidjson::Value* json_member(const rapidjson::Value& object, std::string_view name) {
    const rapidjson::Value* found = nullptr;
    for (const auto& m : object.GetObject())
        if (std::string_view(m.name.GetString(), m.name.GetStringLength()) == name) found = &m.value;
    return found;
}

RowValues row_values(const rapidjson::Value& object) {
    RowValues row;
    row.columns.reserve(object.MemberCount());
    row.values.reserve(object.MemberCount());
    row.kinds.reserve(object.MemberCount());
    for (const auto& member : object.GetObject()) {
        std::string name(member.name.GetString(), member.name.GetStringLength());
        db::Value value = to_value(member.value);
        if (auto at = row.find(name)) {
            row.values[*at] = std::move(value);
            row.kinds[*at] = json_kind(member.value);
            continue;
        }
        row.columns.push_back(std::move(name));
        row.values.push_back(std::move(value));
        row.kinds.push_back(json_kind(member.value));
    }
    return row;
}

std::vector<std::string> key_columns(const db::Table& table) {
    return table.primary_keys.empty() ? std::vector<std::string>{"rowid"} : table.primary_keys;
}

bool is_table_column(const db::Table& table, std::string_view column) {
    for (const auto& c : table.columns)
        if (c.hidden == 0 && c.name == column) return true;
    auto keys = key_columns(table);
    return std::find(keys.begin(), keys.end(), column) != keys.end();
}

std::optional<std::string> catalog_column(const db::Table& table, std::string_view column) {
    for (const auto& c : table.columns)
        if (c.hidden == 0 && same_name(c.name, column)) return c.name;
    if (!table.without_rowid && same_name(column, "rowid")) return std::string("rowid");
    return std::nullopt;
}

std::optional<std::string> invalid_columns_error(std::size_t index, const db::Table& table, const RowValues& row) {
    std::vector<std::string> invalid;
    for (const auto& column : row.columns)
        if (!is_table_column(table, column)) invalid.push_back(column);
    if (invalid.empty()) return std::nullopt;
    std::sort(invalid.begin(), invalid.end());
    std::string list;
    for (std::size_t i = 0; i < invalid.size(); ++i) list += (i ? ", " : "") + invalid[i];
    return "Row " + std::to_string(index) + " has invalid columns: " + list;
}

std::optional<std::string> missing_keys_error(std::size_t index, const db::Table& table, const RowValues& row) {
    std::vector<std::string> missing;
    for (const auto& key : key_columns(table))
        if (!row.find(key)) missing.push_back(key);
    if (missing.empty()) return std::nullopt;
    return "Row " + std::to_string(index) + " is missing primary key column(s): " + quoted_list(missing);
}

std::optional<std::string> null_keys_error(std::size_t index, const db::Table& table, const RowValues& row) {
    std::vector<std::string> nulls;
    for (const auto& key : key_columns(table)) {
        auto at = row.find(key);
        if (at && std::holds_alternative<std::nullptr_t>(row.values[*at])) nulls.push_back(key);
    }
    if (nulls.empty()) return std::nullopt;
    return "Row " + std::to_string(index) + " has null primary key column(s): " + quoted_list(nulls);
}

std::vector<NewColumn> missing_columns(const db::Table& table, std::span<const RowValues> rows) {
    std::vector<std::string> names;
    std::vector<std::set<JsonKind>> kinds;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.columns.size(); ++i) {
            if (catalog_column(table, row.columns[i])) continue;
            auto at = std::find_if(names.begin(), names.end(), [&](const auto& n) { return same_name(n, row.columns[i]); });
            if (at == names.end()) {
                names.push_back(row.columns[i]);
                kinds.emplace_back();
                at = names.end() - 1;
            }
            kinds[static_cast<std::size_t>(at - names.begin())].insert(row.kinds[i]);
        }
    }
    std::vector<NewColumn> out;
    for (std::size_t i = 0; i < names.size(); ++i) out.push_back({names[i], type_for(kinds[i])});
    return out;
}

void require_unbracketed_names(std::span<const std::string> names) {
    for (const auto& name : names)
        if (name.find_first_of("[]") != std::string::npos)
            throw WriteFailure(400, "'[' and ']' cannot be used in column names");
}

void require_columns(const std::vector<RowValues>& rows) {
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].columns.empty()) throw WriteFailure(400, "Row " + std::to_string(i) + " has no columns");
}

}  // namespace liteserve::api
