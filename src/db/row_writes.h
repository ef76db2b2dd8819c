// The SQL of the row write API: INSERT [OR IGNORE | OR REPLACE], upsert (INSERT … ON
// CONFLICT DO UPDATE), UPDATE, DELETE, ALTER TABLE ADD COLUMN, and the SELECTs that read
// written rows back. Names enter the text only through quote_identifier (callers pass names
// found in the catalog, or a new column's name for ADD COLUMN); values are always bound:
// :c0, :c1 … for a row's columns, :k0, :k1 … for key columns, :r<row>k<key> for the keys of
// several rows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"

namespace liteserve::db {

enum class OnConflict { Abort, Ignore, Replace };

std::string column_param(std::size_t i);                  // "c<i>"
std::string key_param(std::size_t i);                     // "k<i>"
std::string row_key_param(std::size_t row, std::size_t key);  // "r<row>k<key>"

// INSERT [OR IGNORE|OR REPLACE] INTO t (a, b) VALUES (:c0, :c1); DEFAULT VALUES without columns.
std::string insert_sql(std::string_view table, const std::vector<std::string>& columns,
                       OnConflict on_conflict = OnConflict::Abort);
// INSERT INTO t (k, a) VALUES (:c0, :c1) ON CONFLICT (k) DO UPDATE SET a = excluded.a; the
// columns that are not keys are updated, and with none the conflict does nothing.
std::string upsert_sql(std::string_view table, const std::vector<std::string>& columns,
                       const std::vector<std::string>& keys);
// UPDATE t SET a = :c0, b = :c1 WHERE k = :k0 (needs at least one column).
std::string update_sql(std::string_view table, const std::vector<std::string>& columns,
                       const std::vector<std::string>& keys);
// DELETE FROM t WHERE k = :k0 AND …
std::string delete_sql(std::string_view table, const std::vector<std::string>& keys);
// ALTER TABLE t ADD COLUMN [name] TYPE, the column bracketed as sqlite-utils writes it (SQLite
// keeps the definition's text in the table's CREATE statement).
std::string add_column_sql(std::string_view table, std::string_view column, std::string_view type);
// select [rowid, ]* from t where k = :k0 AND …
std::string select_row_sql(std::string_view table, const std::vector<std::string>& keys, bool with_rowid);
// select [rowid, ]* from t where (k = :r0k0) OR (k = :r1k0) … for `rows` key tuples: Datasette's
// read-back after an upsert (one row per distinct key, in the order SQLite finds them).
std::string select_rows_sql(std::string_view table, const std::vector<std::string>& keys, std::size_t rows,
                            bool with_rowid);

// Runs one data-changing statement (through the statement cache) and returns how many rows
// it changed. Throws SqlError with SQLite's message.
std::int64_t execute_write(Connection& conn, std::string_view sql, const Params& params);
// One cached statement run again and again with its values bound by position (?1, ?2 … in
// the order of the statement's parameters): the rows of one write request share their
// statement, so it is looked up once and no parameter names are built per row. It holds a
// statement of the connection's cache: keep it only while its rows run, before other
// statements go through the cache (which may evict it).
class RepeatedWrite {
public:
    RepeatedWrite(Connection& conn, std::string_view sql);
    // Leaves no binding pointing into a caller's values.
    ~RepeatedWrite();
    RepeatedWrite(const RepeatedWrite&) = delete;
    RepeatedWrite& operator=(const RepeatedWrite&) = delete;
    // Binds `values` (read, not copied, until the next run) to the parameters in order, steps to the end, and returns how many rows
    // changed. Throws SqlError with SQLite's message, QueryInterrupted when cancelled.
    std::int64_t run(const std::vector<Value>& values);

private:
    Connection& conn_;
    sqlite3_stmt* stmt_;
};

// Runs one schema statement (not cached). Throws SqlError.
void execute_schema(Connection& conn, std::string_view sql);
// The rowid of the last row this connection inserted.
std::int64_t last_insert_rowid(Connection& conn);

}  // namespace liteserve::db
