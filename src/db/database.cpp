// Connection pool and schema cache for one database file.
#include "db/database.h"

#include <filesystem>

namespace liteserve::db {
namespace {

OpenMode read_mode(const DatabaseOptions& options) {
    return options.memory ? OpenMode::Memory : options.immutable ? OpenMode::Immutable : OpenMode::ReadOnly;
}

}  // namespace

ReadLease::ReadLease(Database& owner, std::unique_ptr<Connection> conn,
                     std::shared_ptr<const Schema> schema)
    : owner_(owner), conn_(std::move(conn)), schema_(std::move(schema)) {}

ReadLease::~ReadLease() {
    conn_->clear_limits();
    owner_.give_back(std::move(conn_));
}

Database::Database(DatabaseOptions options) : options_(std::move(options)) {
    // An in-memory database exists once per connection, so it gets exactly one.
    std::size_t count = options_.memory ? 1 : std::max<std::size_t>(1, options_.read_connections);
    for (std::size_t i = 0; i < count; ++i) idle_.push_back(open_read_connection());
    // Reading the schema proves the file is a SQLite database before the server starts.
    schema_ = load_schema(*idle_.front());
    if (!options_.memory) changes_ = std::make_unique<ChangeCounter>(options_.path, options_.immutable);
}

std::unique_ptr<Connection> Database::open_read_connection() const {
    auto conn = std::make_unique<Connection>(options_.path, read_mode(options_));
    if (options_.cache_size_kb > 0) {
        // A negative cache_size is in KiB rather than pages (cache_size_kb, as Datasette).
        std::string pragma = "PRAGMA cache_size = -" + std::to_string(options_.cache_size_kb);
        sqlite3_exec(conn->handle(), pragma.c_str(), nullptr, nullptr, nullptr);
    }
    return conn;
}

std::optional<std::string> Database::change_token() const {
    if (!changes_) return std::nullopt;
    return changes_->token();
}

std::int64_t Database::file_size() const {
    if (options_.memory) return 0;
    std::error_code ec;
    auto size = std::filesystem::file_size(options_.path, ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

std::unique_ptr<ReadLease> Database::read(std::chrono::milliseconds budget, CancelFlag cancelled) {
    std::unique_ptr<Connection> conn;
    reads_started_.fetch_add(1, std::memory_order_relaxed);
    {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty(); });
        conn = std::move(idle_.back());
        idle_.pop_back();
    }
    std::shared_ptr<const Schema> schema;
    try {
        schema = current_schema(*conn);
    } catch (...) {
        give_back(std::move(conn));  // a lost connection would leave later reads waiting forever
        throw;
    }
    conn->set_limits(budget, std::move(cancelled));
    return std::make_unique<ReadLease>(*this, std::move(conn), std::move(schema));
}

std::unique_ptr<Connection> Database::open_stream_connection() const {
    return open_read_connection();
}

void Database::give_back(std::unique_ptr<Connection> conn) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(conn));
    }
    available_.notify_one();
}

std::shared_ptr<const Schema> Database::current_schema(Connection& conn) {
    std::shared_ptr<const Schema> cached;
    {
        std::lock_guard lock(mutex_);
        cached = schema_;
    }
    // An immutable file cannot change; a mutable one is re-read when its schema version moves.
    if (!is_mutable() || schema_version(conn) == cached->version) return cached;
    auto fresh = load_schema(conn);
    std::lock_guard lock(mutex_);
    schema_ = fresh;
    return fresh;
}


Writer& Database::writer() {
    std::lock_guard lock(mutex_);
    if (!is_mutable()) throw SqlError("Database " + options_.name + " is immutable: it cannot be written", SQLITE_READONLY);
    if (!writer_) writer_ = std::make_unique<Writer>(options_.path, WriterOptions{options_.write_batch, false});
    return *writer_;
}

}  // namespace liteserve::db
