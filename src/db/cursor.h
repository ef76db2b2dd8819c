// A running statement seen row by row: the only way views read results, so that SQLite's
// C API stays inside db/. Errors while stepping become SqlError or QueryInterrupted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"
#include "db/value.h"

namespace liteserve::db {

enum class CellType { Null, Integer, Real, Text, Blob };

class Cursor {
public:
    // Runs `sql` with `params` on `conn`, using the connection's statement cache.
    Cursor(Connection& conn, std::string_view sql, const Params& params);
    // Runs a statement the caller prepared (e.g. under a ReadOnlyGuard); not cached.
    Cursor(Connection& conn, StatementPtr statement, const Params& params);
    ~Cursor();
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;

    // Advances to the next row; false at the end.
    bool step();

    int column_count() const { return columns_; }
    std::string_view column_name(int i) const { return sqlite3_column_name(stmt_, i); }
    std::vector<std::string> column_names() const;
    CellType type(int i) const;
    std::int64_t integer(int i) const { return sqlite3_column_int64(stmt_, i); }
    double real(int i) const { return sqlite3_column_double(stmt_, i); }
    std::string_view text(int i) const;
    std::string_view blob(int i) const;
    Value value(int i) const { return column_value(stmt_, i); }
    const std::string& sql() const { return sql_; }

private:
    Connection& conn_;
    StatementPtr owned_;  // set for caller-prepared statements
    sqlite3_stmt* stmt_;
    std::string sql_;
    int columns_ = 0;
};

}  // namespace liteserve::db
