// Shape and row checks for insert and upsert bodies, with Datasette's messages.
#include "api/insert_request.h"

#include <algorithm>

#include "api/write_body.h"

namespace liteserve::api {
namespace {

constexpr std::string_view kFlags[] = {"return", "ignore", "replace", "alter"};

WriteFailure bad(std::string message) { return WriteFailure(400, std::move(message)); }

// The rows as given: one "row" dictionary or a "rows" list of dictionaries.
const rapidjson::Value& rows_value(const rapidjson::Value& body, bool& single) {
    const rapidjson::Value* row = json_member(body, "row");
    const rapidjson::Value* rows = json_member(body, "rows");
    if (!row && !rows) throw bad("JSON must have one or other of \"row\" or \"rows\"");
    single = row != nullptr;
    if (row) {
        if (rows) throw bad("Cannot use \"row\" and \"rows\" at the same time");
        if (!row->IsObject()) throw bad("\"row\" must be a dictionary");
        return *row;
    }
    if (!rows->IsArray()) throw bad("\"rows\" must be a list");
    for (const auto& r : rows->GetArray())
        if (!r.IsObject()) throw bad("\"rows\" must be a list of dictionaries");
    return *rows;
}

void check_parameters(const rapidjson::Value& body) {
    std::vector<std::string> invalid;
    for (const auto& member : body.GetObject()) {
        std::string_view name(member.name.GetString(), member.name.GetStringLength());
        if (name == "row" || name == "rows") continue;
        if (std::find(std::begin(kFlags), std::end(kFlags), name) == std::end(kFlags)) invalid.emplace_back(name);
    }
    if (invalid.empty()) return;
    std::sort(invalid.begin(), invalid.end());
    invalid.erase(std::unique(invalid.begin(), invalid.end()), invalid.end());
    std::string list;
    for (std::size_t i = 0; i < invalid.size(); ++i) list += (i ? "\", \"" : "\"") + invalid[i];
    throw bad("Invalid parameter: " + list + "\"");
}

// A flag's Python truth value.
bool flag(const rapidjson::Value& body, std::string_view name) {
    const rapidjson::Value* value = json_member(body, name);
    return value && truthy(*value);
}

}  // namespace

InsertRequest parse_insert_request(const rapidjson::Value& body, std::int64_t max_rows) {
    bool single = false;
    const rapidjson::Value& given = rows_value(body, single);
    std::size_t count = single ? 1 : given.Size();
    if (static_cast<std::int64_t>(count) > max_rows)
        throw bad("Too many rows, maximum allowed is " + std::to_string(max_rows));
    check_parameters(body);
    InsertRequest request;
    request.return_rows = single || flag(body, "return");
    request.ignore = flag(body, "ignore");
    request.replace = flag(body, "replace");
    request.alter = flag(body, "alter");
    if (request.ignore && request.replace) throw bad("Cannot use \"ignore\" and \"replace\" at the same time");
    request.rows.reserve(count);
    if (single) request.rows.push_back(row_values(given));
    else
        for (const auto& row : given.GetArray()) request.rows.push_back(row_values(row));
    return request;
}

std::vector<std::string> row_errors(const InsertRequest& request, const db::Table& table, InsertMode mode) {
    std::vector<std::string> errors;
    for (std::size_t i = 0; i < request.rows.size(); ++i) {
        const RowValues& row = request.rows[i];
        if (mode == InsertMode::Upsert) {
            if (auto e = missing_keys_error(i, table, row)) errors.push_back(*e);
            if (auto e = null_keys_error(i, table, row)) errors.push_back(*e);
        }
        if (request.alter) continue;
        if (auto e = invalid_columns_error(i, table, row)) errors.push_back(*e);
    }
    return errors;
}

}  // namespace liteserve::api
