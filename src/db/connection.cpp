// Opening connections, statement caching and the progress handler that enforces limits.
#include "db/connection.h"

#include <time.h>

#include "db/fts.h"

namespace liteserve::db {
namespace {

constexpr std::size_t kStatementCacheSize = 64;
// The progress handler runs every this many VM instructions: frequent enough to stop a
// query within a millisecond, rare enough to cost nothing measurable.
constexpr int kProgressOps = 1000;

int open_flags(OpenMode mode) {
    switch (mode) {
        case OpenMode::ReadOnly:
        case OpenMode::Immutable: return SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
        case OpenMode::ReadWrite: return SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI;
        case OpenMode::ReadWriteCreate:
            return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI;
        case OpenMode::Memory: return SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY;
    }
    return SQLITE_OPEN_READONLY;
}

std::string uri_for(const std::string& path, OpenMode mode) {
    if (mode == OpenMode::Memory) return ":memory:";
    std::string uri = "file:";
    for (char c : path) {
        if (c == '?' || c == '#' || c == '%') {
            static const char* hex = "0123456789ABCDEF";
            uri += '%';
            uri += hex[static_cast<unsigned char>(c) >> 4];
            uri += hex[static_cast<unsigned char>(c) & 15];
        } else {
            uri += c;
        }
    }
    if (mode == OpenMode::Immutable) uri += "?immutable=1";
    return uri;
}

}  // namespace

std::chrono::nanoseconds thread_cpu_time() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

Connection::Connection(const std::string& path, OpenMode mode)
    try : database_(uri_for(path, mode), open_flags(mode) | SQLITE_OPEN_NOMUTEX, 5000),
          db_(database_.getHandle()) {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_progress_handler(db_, kProgressOps, &Connection::on_progress, this);
    register_fts_functions(db_);  // Datasette's escape_fts, on every connection as in Datasette
} catch (const SQLite::Exception& e) {
    throw SqlError(e.getErrorStr() + std::string(": ") + e.what(), e.getErrorCode());
}

Connection::~Connection() {
    // Statements must be finalized before SQLiteCpp closes the handle.
    index_.clear();
    lru_.clear();
}

void Connection::throw_error(int rc) const {
    throw SqlError(sqlite3_errmsg(db_), rc);
}

StatementPtr Connection::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        throw_error(rc);
    }
    return StatementPtr(stmt);
}

sqlite3_stmt* Connection::cached(std::string_view sql) {
    if (auto it = index_.find(sql); it != index_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        sqlite3_stmt* stmt = it->second->second.get();
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return stmt;
    }
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(raw);
        throw_error(rc);
    }
    lru_.emplace_front(std::string(sql), StatementPtr(raw));
    index_.emplace(lru_.front().first, lru_.begin());
    if (lru_.size() > kStatementCacheSize) {
        index_.erase(lru_.back().first);
        lru_.pop_back();
    }
    return raw;
}

void Connection::set_limits(std::chrono::milliseconds budget, CancelFlag cancelled) {
    cpu_deadline_ = budget == kNoTimeLimit ? std::chrono::nanoseconds::max() : thread_cpu_time() + budget;
    cancelled_ = std::move(cancelled);
    interrupted_by_cancel_ = false;
}

void Connection::clear_limits() {
    cpu_deadline_ = std::chrono::nanoseconds::max();
    cancelled_.reset();
}

int Connection::on_progress(void* self) {
    auto* conn = static_cast<Connection*>(self);
    if (conn->cancelled_ && conn->cancelled_->load(std::memory_order_relaxed)) {
        conn->interrupted_by_cancel_ = true;
        return 1;
    }
    // Reading the thread CPU clock is a system call: look at it on every 8th call only.
    if ((++conn->progress_calls_ & 7) != 0 || conn->cpu_deadline_ == std::chrono::nanoseconds::max()) return 0;
    return thread_cpu_time() >= conn->cpu_deadline_ ? 1 : 0;
}

ScopedTimeLimit::ScopedTimeLimit(Connection& conn, std::chrono::milliseconds budget)
    : conn_(conn), saved_deadline_(conn.cpu_deadline_), started_(thread_cpu_time()) {
    conn.cpu_deadline_ = budget == Connection::kNoTimeLimit ? std::chrono::nanoseconds::max() : started_ + budget;
}

ScopedTimeLimit::~ScopedTimeLimit() {
    auto spent = thread_cpu_time() - started_;
    bool unlimited = saved_deadline_ == std::chrono::nanoseconds::max();
    conn_.cpu_deadline_ = unlimited || saved_deadline_ > std::chrono::nanoseconds::max() - spent
                              ? saved_deadline_ : saved_deadline_ + spent;
}

namespace {

// Where parameter `key` is in the statement, written with any of SQLite's prefixes (:key,
// $key, @key). Parameters are usually given in the order the SQL names them, so the name at
// the same position is checked first (no allocation, no search).
int parameter_index(sqlite3_stmt* stmt, std::size_t position, const std::string& key, std::string& scratch) {
    const char* at = sqlite3_bind_parameter_name(stmt, static_cast<int>(position) + 1);
    if (at && (at[0] == ':' || at[0] == '$' || at[0] == '@') && key == at + 1) return static_cast<int>(position) + 1;
    for (char prefix : {':', '$', '@'}) {
        scratch.assign(1, prefix).append(key);
        if (int index = sqlite3_bind_parameter_index(stmt, scratch.c_str())) return index;
    }
    return 0;
}

// Whether SQLite copies a bound text or blob, or reads the caller's bytes until the
// parameter is bound again or cleared.
enum class BindCopy { Copy, Borrow };

void bind_value(sqlite3_stmt* stmt, int index, const Value& value, BindCopy copy) {
    auto destructor = copy == BindCopy::Copy ? SQLITE_TRANSIENT : SQLITE_STATIC;
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) sqlite3_bind_null(stmt, index);
            else if constexpr (std::is_same_v<T, std::int64_t>) sqlite3_bind_int64(stmt, index, v);
            else if constexpr (std::is_same_v<T, double>) sqlite3_bind_double(stmt, index, v);
            else if constexpr (std::is_same_v<T, std::string>)
                sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()), destructor);
            else
                sqlite3_bind_blob(stmt, index, v.bytes.data(), static_cast<int>(v.bytes.size()), destructor);
        },
        value);
}

}  // namespace

void bind_params(sqlite3_stmt* stmt, const Params& params) {
    std::string scratch;
    for (std::size_t position = 0; position < params.size(); ++position) {
        const auto& [key, value] = params[position];
        int index = parameter_index(stmt, position, key, scratch);
        if (index != 0) bind_value(stmt, index, value, BindCopy::Copy);
    }
}

void bind_values_borrowed(sqlite3_stmt* stmt, const std::vector<Value>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) bind_value(stmt, static_cast<int>(i) + 1, values[i], BindCopy::Borrow);
}

Value column_value(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
        case SQLITE_FLOAT: return sqlite3_column_double(stmt, i);
        case SQLITE_TEXT:
            return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                               static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
        case SQLITE_BLOB: {
            const void* data = sqlite3_column_blob(stmt, i);
            auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
            return Blob{std::string(static_cast<const char*>(data), size)};
        }
        default: return nullptr;
    }
}

}  // namespace liteserve::db
