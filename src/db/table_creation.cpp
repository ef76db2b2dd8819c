// Building sqlite-utils' CREATE TABLE text and reading a table's stored CREATE statement.
#include "db/table_creation.h"

#include <algorithm>

#include "db/cursor.h"
#include "db/quote.h"

namespace liteserve::db {
namespace {

std::string bracketed(std::string_view name) { return quote_identifier(name, QuoteStyle::Bracket); }

// The columns as a Python dict would hold them: first position, last type.
std::vector<ColumnSpec> distinct_columns(const std::vector<ColumnSpec>& columns) {
    std::vector<ColumnSpec> out;
    for (const auto& column : columns) {
        auto same = [&](const ColumnSpec& c) { return c.name == column.name; };
        if (auto at = std::find_if(out.begin(), out.end(), same); at != out.end()) at->type = column.type;
        else out.push_back(column);
    }
    return out;
}

}  // namespace

std::optional<std::string> sql_type(std::string_view api_type) {
    if (api_type == "text") return "TEXT";
    if (api_type == "integer") return "INTEGER";
    if (api_type == "float") return "FLOAT";
    if (api_type == "blob") return "BLOB";
    return std::nullopt;
}

std::string create_table_sql(std::string_view table, const std::vector<ColumnSpec>& columns,
                             const std::vector<std::string>& pks) {
    std::vector<ColumnSpec> items = distinct_columns(columns);
    const std::string* single = pks.size() == 1 ? &pks.front() : nullptr;
    if (single && std::none_of(items.begin(), items.end(), [&](const ColumnSpec& c) { return c.name == *single; }))
        items.insert(items.begin(), {*single, "INTEGER"});
    std::string sql = "CREATE TABLE " + bracketed(table) + " (\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
        sql += (i ? ",\n   " : "   ") + bracketed(items[i].name) + " " + items[i].type;
        if (single && items[i].name == *single) sql += " PRIMARY KEY";
    }
    if (pks.size() > 1) {
        sql += ",\n   PRIMARY KEY (";
        for (std::size_t i = 0; i < pks.size(); ++i) sql += (i ? ", " : "") + bracketed(pks[i]);
        sql += ")";
    }
    return sql + "\n)";
}

std::optional<std::string> stored_schema(Connection& conn, std::string_view table) {
    Cursor cursor(conn, "select sql from sqlite_master where type = 'table' and name = :name",
                  {{"name", std::string(table)}});
    if (!cursor.step()) return std::nullopt;
    return std::string(cursor.text(0));
}

}  // namespace liteserve::db
