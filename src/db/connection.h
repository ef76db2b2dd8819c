// One SQLite connection with a prepared-statement cache and a guard for time limits and
// cancellation. A Connection is used by one thread at a time (the pool hands it out).
#pragma once

#include <chrono>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include "db/value.h"
#include "liteserve/request.h"

namespace liteserve::db {

struct StatementDeleter {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

enum class OpenMode { ReadOnly, Immutable, ReadWrite, ReadWriteCreate, Memory };

// Thrown when a query is stopped by its deadline or because its client went away.
struct QueryInterrupted : std::runtime_error {
    QueryInterrupted(std::string sql, bool by_cancel)
        : std::runtime_error("interrupted"), sql(std::move(sql)), cancelled(by_cancel) {}
    std::string sql;
    bool cancelled;
};

// Thrown for any SQLite error; carries SQLite's own message.
struct SqlError : std::runtime_error {
    SqlError(std::string message, int code) : std::runtime_error(std::move(message)), code(code) {}
    int code;
};

using Clock = std::chrono::steady_clock;

class Connection {
public:
    Connection(const std::string& path, OpenMode mode);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* handle() const { return database_.getHandle(); }

    // A statement prepared once and reused; it comes back reset with bindings cleared.
    // Valid until the next call that evicts it (the cache holds kStatementCacheSize).
    sqlite3_stmt* cached(std::string_view sql);
    // A fresh statement that the caller owns. Throws SqlError on failure.
    StatementPtr prepare(std::string_view sql);

    // Every step run until clear_limits() stops once this thread has spent `budget` of CPU
    // time on it, or as soon as `cancelled` is set. CPU time rather than wall time: a query
    // is charged for its own execution, not for waiting its turn on a busy machine.
    // kNoTimeLimit leaves only the cancellation. The deadline is on the calling thread's
    // clock: work that moves to another thread (a stream's next chunk) sets it again there.
    void set_limits(std::chrono::milliseconds budget, CancelFlag cancelled);
    static constexpr std::chrono::milliseconds kNoTimeLimit = std::chrono::milliseconds::max();
    void clear_limits();
    // True when the last interruption came from the cancel flag rather than the deadline.
    bool cancelled_by_client() const { return interrupted_by_cancel_; }

    // Throws SqlError with SQLite's message for result code `rc`.
    [[noreturn]] void throw_error(int rc) const;

private:
    friend class ScopedTimeLimit;
    static int on_progress(void* self);

    SQLite::Database database_;
    sqlite3* db_;  // database_.getHandle(), for the C API calls SQLiteCpp does not wrap
    std::chrono::nanoseconds cpu_deadline_ = std::chrono::nanoseconds::max();  // thread CPU clock
    unsigned progress_calls_ = 0;
    CancelFlag cancelled_;
    bool interrupted_by_cancel_ = false;
    // LRU cache of prepared statements keyed by SQL text.
    std::list<std::pair<std::string, StatementPtr>> lru_;
    std::unordered_map<std::string_view, decltype(lru_)::iterator> index_;
};

// CPU time consumed so far by the calling thread (the clock set_limits budgets against).
std::chrono::nanoseconds thread_cpu_time();

// A time limit of their own for the queries run while it lives (each facet gets
// facet_time_limit_ms, as in Datasette): `budget` of CPU time from construction, the cancel
// flag unchanged. On destruction the previous deadline comes back, moved later by the CPU
// time spent inside, so that the request's own budget is not charged for that work.
// Scopes nest; use on one thread.
class ScopedTimeLimit {
public:
    ScopedTimeLimit(Connection& conn, std::chrono::milliseconds budget);
    ~ScopedTimeLimit();
    ScopedTimeLimit(const ScopedTimeLimit&) = delete;
    ScopedTimeLimit& operator=(const ScopedTimeLimit&) = delete;

private:
    Connection& conn_;
    std::chrono::nanoseconds saved_deadline_;
    std::chrono::nanoseconds started_;
};

// Binds each named parameter (":name", "$name" or "@name") found in the statement; absent
// ones stay NULL.
void bind_params(sqlite3_stmt* stmt, const Params& params);
// Binds values[i] to parameter i + 1 without copying: `values` must outlive the bindings
// (Connection::cached clears a statement's bindings before it hands the statement out again).
void bind_values_borrowed(sqlite3_stmt* stmt, const std::vector<Value>& values);
// Reads column `i` of the current row as a Value.
Value column_value(sqlite3_stmt* stmt, int i);

}  // namespace liteserve::db
