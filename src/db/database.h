// One served database file: its read connections (one per worker), its schema cache and
// the facts shown by /-/databases.json. Thread-safe: any worker may call read().
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/catalog.h"
#include "db/change_counter.h"
#include "db/connection.h"
#include "db/writer.h"

namespace liteserve::db {

struct DatabaseOptions {
    std::string name;   // URL name: the file stem, de-duplicated
    std::string path;   // file path as given on the command line (empty for memory)
    bool immutable = false;
    bool memory = false;
    std::size_t read_connections = 3;
    std::size_t write_batch = 64;  // jobs per write transaction (1: no group commit)
    std::int64_t cache_size_kb = 0;  // page cache per read connection (0: SQLite's default)
};

class Database;

// A read connection lent to one request, with the schema current for it. The connection
// goes back to the pool (limits cleared) when the lease ends.
class ReadLease {
public:
    ReadLease(Database& owner, std::unique_ptr<Connection> conn, std::shared_ptr<const Schema> schema);
    ~ReadLease();
    ReadLease(ReadLease&&) = delete;

    Connection& conn() { return *conn_; }
    const Schema& schema() const { return *schema_; }

private:
    Database& owner_;
    std::unique_ptr<Connection> conn_;
    std::shared_ptr<const Schema> schema_;
};

class Database {
public:
    // Opens the connections; throws SqlError when the file is missing or not SQLite.
    explicit Database(DatabaseOptions options);

    const std::string& name() const { return options_.name; }
    const std::string& path() const { return options_.path; }
    bool is_mutable() const { return !options_.immutable && !options_.memory; }
    bool is_memory() const { return options_.memory; }
    std::int64_t file_size() const;

    // Borrows a read connection (waits if all are lent) and applies the time limit and
    // cancellation to it: `budget` is execution time (see Connection::set_limits).
    std::unique_ptr<ReadLease> read(std::chrono::milliseconds budget, CancelFlag cancelled);

    // A new connection of its own, opened like the pooled ones (read-only or immutable), for
    // work that holds a connection across several worker turns: a streamed response. Such
    // work must not keep a pooled connection, or workers waiting for the pool could wait on
    // streams that wait for a worker. Thread-safe; throws SqlError. An in-memory database
    // gets a fresh, empty one: each in-memory connection is a database of its own.
    std::unique_ptr<Connection> open_stream_connection() const;

    // A token that changes whenever anything may have been committed to the file, by this
    // process or another (see change_counter.h); nullopt for an in-memory database, which has
    // no file to watch. Thread-safe; throws SqlError when the file cannot be read.
    std::optional<std::string> change_token() const;
    // How many read leases were handed out so far (tests prove a 304 ran no SQL with it).
    std::uint64_t reads_started() const { return reads_started_.load(std::memory_order_relaxed); }

    // The single writer of this database, opened on first use (which switches the file to
    // WAL mode). Thread-safe. Throws SqlError for immutable and in-memory databases.
    Writer& writer();

private:
    friend class ReadLease;
    std::unique_ptr<Connection> open_read_connection() const;
    void give_back(std::unique_ptr<Connection> conn);
    std::shared_ptr<const Schema> current_schema(Connection& conn);

    DatabaseOptions options_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
    std::shared_ptr<const Schema> schema_;           // guarded by mutex_
    std::unique_ptr<Writer> writer_;                 // guarded by mutex_ (created once)
    std::unique_ptr<ChangeCounter> changes_;         // set at construction for files; thread-safe
    std::atomic<std::uint64_t> reads_started_{0};
};

}  // namespace liteserve::db
