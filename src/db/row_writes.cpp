// Building the row write statements from quoted names and numbered parameters, and running them.
#include "db/row_writes.h"

#include <algorithm>
#include <optional>

#include "db/cursor.h"
#include "db/quote.h"

namespace liteserve::db {
namespace {

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out.append(i ? separator : "").append(parts[i]);
    return out;
}

// "a = :k0 AND b = :k1", or with `row` set "a = :r<row>k0 AND …".
std::string key_match(const std::vector<std::string>& keys, std::optional<std::size_t> row = std::nullopt) {
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < keys.size(); ++i)
        terms.push_back(quote_identifier(keys[i]) + " = :" + (row ? row_key_param(*row, i) : key_param(i)));
    return joined(terms, " AND ");
}

std::string select_from(std::string_view table, bool with_rowid) {
    return std::string("select ") + (with_rowid ? "rowid, *" : "*") + " from " + quote_identifier(table);
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::vector<std::string> quoted;
    for (const auto& name : names) quoted.push_back(quote_identifier(name));
    return joined(quoted, ", ");
}

}  // namespace

std::string column_param(std::size_t i) { return "c" + std::to_string(i); }
std::string key_param(std::size_t i) { return "k" + std::to_string(i); }
std::string row_key_param(std::size_t row, std::size_t key) {
    return "r" + std::to_string(row) + "k" + std::to_string(key);
}

std::string insert_sql(std::string_view table, const std::vector<std::string>& columns, OnConflict on_conflict) {
    std::string sql = "INSERT ";
    if (on_conflict == OnConflict::Ignore) sql += "OR IGNORE ";
    if (on_conflict == OnConflict::Replace) sql += "OR REPLACE ";
    sql += "INTO " + quote_identifier(table);
    if (columns.empty()) return sql + " DEFAULT VALUES";
    std::vector<std::string> params;
    for (std::size_t i = 0; i < columns.size(); ++i) params.push_back(":" + column_param(i));
    return sql + " (" + quoted_list(columns) + ") VALUES (" + joined(params, ", ") + ")";
}

std::string upsert_sql(std::string_view table, const std::vector<std::string>& columns,
                       const std::vector<std::string>& keys) {
    std::vector<std::string> updates;
    for (const auto& column : columns) {
        if (std::find(keys.begin(), keys.end(), column) != keys.end()) continue;
        std::string quoted = quote_identifier(column);
        updates.push_back(quoted + " = excluded." + quoted);
    }
    std::string sql = insert_sql(table, columns) + " ON CONFLICT (" + quoted_list(keys) + ") DO ";
    return sql + (updates.empty() ? "NOTHING" : "UPDATE SET " + joined(updates, ", "));
}

std::string update_sql(std::string_view table, const std::vector<std::string>& columns,
                       const std::vector<std::string>& keys) {
    std::vector<std::string> sets;
    for (std::size_t i = 0; i < columns.size(); ++i)
        sets.push_back(quote_identifier(columns[i]) + " = :" + column_param(i));
    return "UPDATE " + quote_identifier(table) + " SET " + joined(sets, ", ") + " WHERE " + key_match(keys);
}

std::string delete_sql(std::string_view table, const std::vector<std::string>& keys) {
    return "DELETE FROM " + quote_identifier(table) + " WHERE " + key_match(keys);
}

std::string add_column_sql(std::string_view table, std::string_view column, std::string_view type) {
    return "ALTER TABLE " + quote_identifier(table) + " ADD COLUMN " + quote_identifier(column, QuoteStyle::Bracket) +
           " " + std::string(type);
}

std::string select_row_sql(std::string_view table, const std::vector<std::string>& keys, bool with_rowid) {
    return select_from(table, with_rowid) + " where " + key_match(keys);
}

std::string select_rows_sql(std::string_view table, const std::vector<std::string>& keys, std::size_t rows,
                            bool with_rowid) {
    std::vector<std::string> alternatives;
    for (std::size_t row = 0; row < rows; ++row) alternatives.push_back("(" + key_match(keys, row) + ")");
    return select_from(table, with_rowid) + " where " + joined(alternatives, " OR ");
}

std::int64_t execute_write(Connection& conn, std::string_view sql, const Params& params) {
    Cursor cursor(conn, sql, params);
    while (cursor.step()) {
    }
    return sqlite3_changes64(conn.handle());
}

RepeatedWrite::RepeatedWrite(Connection& conn, std::string_view sql) : conn_(conn), stmt_(conn.cached(sql)) {}

RepeatedWrite::~RepeatedWrite() { sqlite3_clear_bindings(stmt_); }

std::int64_t RepeatedWrite::run(const std::vector<Value>& values) {
    bind_values_borrowed(stmt_, values);
    int rc = sqlite3_step(stmt_);
    while (rc == SQLITE_ROW) rc = sqlite3_step(stmt_);
    if (rc != SQLITE_DONE) {
        std::string message = sqlite3_errmsg(conn_.handle());
        sqlite3_reset(stmt_);
        if ((rc & 0xFF) == SQLITE_INTERRUPT) throw QueryInterrupted(sqlite3_sql(stmt_), conn_.cancelled_by_client());
        throw SqlError(message, rc);
    }
    sqlite3_reset(stmt_);
    return sqlite3_changes64(conn_.handle());
}

void execute_schema(Connection& conn, std::string_view sql) {
    Cursor cursor(conn, conn.prepare(sql), {});
    while (cursor.step()) {
    }
}

std::int64_t last_insert_rowid(Connection& conn) { return sqlite3_last_insert_rowid(conn.handle()); }

}  // namespace liteserve::db
