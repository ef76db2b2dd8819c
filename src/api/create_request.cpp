// TableCreateView's checks, one function per part of the body.
#include "api/create_request.h"

#include <algorithm>
#include <array>
#include <set>

#include "api/write_body.h"

namespace liteserve::api {
namespace {

using Json = rapidjson::Value;

bool truthy_member(const Json& body, const char* key) {
    const Json* v = json_member(body, key);
    return v && truthy(*v);
}

std::string text(const Json& v) { return std::string(v.GetString(), v.GetStringLength()); }

void check_keys(const Json& body) {
    static constexpr std::array<std::string_view, 9> valid = {"table", "rows", "row", "columns", "pk",
                                                              "pks", "ignore", "replace", "alter"};
    std::set<std::string> invalid;
    for (const auto& m : body.GetObject())
        if (std::find(valid.begin(), valid.end(), text(m.name)) == valid.end()) invalid.insert(text(m.name));
    if (invalid.empty()) return;
    std::string keys;
    for (const auto& key : invalid) keys += (keys.empty() ? "" : ", ") + key;
    throw WriteFailure(400, "Invalid keys: " + keys);
}

void check_flags(const Json& body, CreateRequest& out) {
    out.ignore = truthy_member(body, "ignore");
    out.replace = truthy_member(body, "replace");
    if (out.ignore && out.replace) throw WriteFailure(400, "ignore and replace are mutually exclusive");
    if (!json_member(body, "ignore") && !json_member(body, "replace")) return;
    if (!truthy_member(body, "row") && !truthy_member(body, "rows"))
        throw WriteFailure(400, "ignore and replace require row or rows");
    if (!truthy_member(body, "pk") && !truthy_member(body, "pks"))
        throw WriteFailure(400, "ignore and replace require pk or pks");
}

// Python's str() of a JSON scalar, for the message about an unsupported type.
std::string python_str(const Json& v) {
    if (v.IsString()) return text(v);
    if (v.IsBool()) return v.GetBool() ? "True" : "False";
    return json_text(v);
}

// Datasette sets a missing or empty "type" to "text" in the column itself, so two columns
// that differ only in that way are duplicates.
rapidjson::Document normalized_column(const Json& column) {
    rapidjson::Document copy;
    copy.CopyFrom(column, copy.GetAllocator());
    auto type = copy.FindMember("type");
    if (type == copy.MemberEnd()) copy.AddMember("type", "text", copy.GetAllocator());
    else if (!truthy(type->value)) type->value.SetString("text", copy.GetAllocator());
    return copy;
}

void check_duplicates(const std::vector<rapidjson::Document>& columns) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        auto same = [&](const rapidjson::Document& c) { return c == columns[i]; };
        std::string name = text(columns[i]["name"]);
        if (std::count_if(columns.begin(), columns.end(), same) > 1 &&
            std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }
    if (names.empty()) return;
    std::string list;
    for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
    throw WriteFailure(400, "Duplicate column name: " + list);
}

std::vector<db::ColumnSpec> parse_columns(const Json& columns) {
    if (!columns.IsArray()) throw WriteFailure(400, "columns must be a list");
    std::vector<rapidjson::Document> normalized;
    std::vector<db::ColumnSpec> specs;
    for (const auto& column : columns.GetArray()) {
        if (!column.IsObject()) throw WriteFailure(400, "columns must be a list of objects");
        const Json* name = json_member(column, "name");
        if (!name || !name->IsString() || name->GetStringLength() == 0)
            throw WriteFailure(400, "Column name is required");
        normalized.push_back(normalized_column(column));
        const Json& type = normalized.back()["type"];
        auto sql = type.IsString() ? db::sql_type(text(type)) : std::nullopt;
        if (!sql) throw WriteFailure(400, "Unsupported column type: " + python_str(type));
        specs.push_back({text(*name), *sql});
    }
    check_duplicates(normalized);
    return specs;
}

std::vector<RowValues> parse_rows(const Json& body) {
    std::vector<const Json*> rows;
    if (truthy_member(body, "row")) {
        rows.push_back(json_member(body, "row"));
    } else {
        const Json& list = *json_member(body, "rows");
        if (!list.IsArray()) throw WriteFailure(400, "rows must be a list");
        for (const auto& row : list.GetArray()) rows.push_back(&row);
    }
    std::vector<RowValues> out;
    for (const Json* row : rows) {
        if (!row->IsObject()) throw WriteFailure(400, "rows must be a list of objects");
        out.push_back(row_values(*row));
    }
    return out;
}

// "pk" and "pks" checked, and the keys a new table gets; an existing table keeps its own.
void parse_keys(const Json& body, CreateRequest& out) {
    bool has_pk = truthy_member(body, "pk"), has_pks = truthy_member(body, "pks");
    if (has_pk && has_pks) throw WriteFailure(400, "Cannot specify both pk and pks");
    if (has_pk && !json_member(body, "pk")->IsString()) throw WriteFailure(400, "pk must be a string");
    std::vector<std::string> pks;
    if (has_pks) {
        const Json& list = *json_member(body, "pks");
        if (!list.IsArray()) throw WriteFailure(400, "pks must be a list");
        for (const auto& pk : list.GetArray()) {
            if (!pk.IsString()) throw WriteFailure(400, "pks must be a list of strings");
            pks.push_back(text(pk));
        }
    } else if (has_pk) {
        pks.push_back(text(*json_member(body, "pk")));
    }
    if (!out.existing) {
        out.pks = std::move(pks);
        return;
    }
    const auto& actual = out.existing->primary_keys;
    bool changed = (actual.size() == 1 && has_pk && pks.front() != actual.front()) ||
                   (actual.size() > 1 && has_pks &&
                    std::set<std::string>(pks.begin(), pks.end()) != std::set<std::string>(actual.begin(), actual.end()));
    if (changed) throw WriteFailure(400, "pk cannot be changed for existing table");
    out.pks = actual.empty() ? pks : actual;
}

}  // namespace

bool valid_table_name(std::string_view name) {
    if (name.rfind("sqlite_", 0) == 0) return false;
    if (!name.empty() && name.back() == '\n') name.remove_suffix(1);
    return !name.empty() && name.find('\n') == std::string_view::npos;
}

CreateRequest parse_create_request(const Json& body, const CreateChecks& checks) {
    CreateRequest out;
    check_keys(body);
    check_flags(body, out);
    if (out.replace && !checks.allowed("update-row")) throw WriteFailure(403, "Permission denied: need update-row");
    if (!truthy_member(body, "table")) throw WriteFailure(400, "Table is required");
    const Json& table = *json_member(body, "table");
    if (!table.IsString() || !valid_table_name(text(table))) throw WriteFailure(400, "Invalid table name");
    out.table = text(table);
    out.existing = checks.existing(out.table);
    bool with_rows = truthy_member(body, "rows") || truthy_member(body, "row");
    if (!truthy_member(body, "columns") && !with_rows) throw WriteFailure(400, "columns, rows or row is required");
    if (truthy_member(body, "rows") && truthy_member(body, "row"))
        throw WriteFailure(400, "Cannot specify both rows and row");
    if (with_rows && !checks.allowed("insert-row")) throw WriteFailure(403, "Permission denied: need insert-row");
    if (with_rows && !out.existing) out.alter = true;
    if (with_rows && out.existing && truthy_member(body, "alter")) {
        if (!checks.allowed("alter-table")) throw WriteFailure(403, "Permission denied: need alter-table");
        out.alter = true;
    }
    if (truthy_member(body, "columns")) {
        if (with_rows) throw WriteFailure(400, "Cannot specify columns with rows or row");
        out.columns = parse_columns(*json_member(body, "columns"));
    }
    if (with_rows) out.rows = parse_rows(body);
    parse_keys(body, out);
    require_columns(out.rows);
    return out;
}

}  // namespace liteserve::api
