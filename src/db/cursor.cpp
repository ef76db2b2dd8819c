// Stepping a cached statement and mapping SQLite's result codes to typed errors.
#include "db/cursor.h"

namespace liteserve::db {

Cursor::Cursor(Connection& conn, std::string_view sql, const Params& params)
    : conn_(conn), stmt_(nullptr), sql_(sql) {
    try {
        stmt_ = conn.cached(sql);
    } catch (const SqlError& e) {
        if ((e.code & 0xFF) == SQLITE_INTERRUPT) throw QueryInterrupted(sql_, conn.cancelled_by_client());
        throw;
    }
    bind_params(stmt_, params);
    columns_ = sqlite3_column_count(stmt_);
}

Cursor::Cursor(Connection& conn, StatementPtr statement, const Params& params)
    : conn_(conn), owned_(std::move(statement)), stmt_(owned_.get()) {
    const char* text = sqlite3_sql(stmt_);
    sql_ = text ? text : "";
    bind_params(stmt_, params);
    columns_ = sqlite3_column_count(stmt_);
}

Cursor::~Cursor() { sqlite3_reset(stmt_); }

bool Cursor::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        // A cached statement prepared before a schema change is prepared again by this step,
        // so `select *` may now have more (or fewer) columns than when the cursor was made.
        columns_ = sqlite3_column_count(stmt_);
        return true;
    }
    if (rc == SQLITE_DONE) return false;
    if ((rc & 0xFF) == SQLITE_INTERRUPT) throw QueryInterrupted(sql_, conn_.cancelled_by_client());
    std::string message = sqlite3_errmsg(conn_.handle());
    sqlite3_reset(stmt_);
    throw SqlError(message, rc);
}

std::vector<std::string> Cursor::column_names() const {
    std::vector<std::string> names;
    for (int i = 0; i < columns_; ++i) names.emplace_back(column_name(i));
    return names;
}

CellType Cursor::type(int i) const {
    switch (sqlite3_column_type(stmt_, i)) {
        case SQLITE_INTEGER: return CellType::Integer;
        case SQLITE_FLOAT: return CellType::Real;
        case SQLITE_TEXT: return CellType::Text;
        case SQLITE_BLOB: return CellType::Blob;
        default: return CellType::Null;
    }
}

std::string_view Cursor::text(int i) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string_view();
}

std::string_view Cursor::blob(int i) const {
    auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string_view();
}

}  // namespace liteserve::db
