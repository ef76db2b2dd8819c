// The writer thread: batches of jobs, one savepoint each, one COMMIT per batch.
#include "db/writer.h"

#include <vector>

namespace liteserve::db {
namespace {

void exec(Connection& conn, const char* sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(conn.handle(), sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return;
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw SqlError(text, rc);
}

// The transaction statements run for every job: prepared once (the connection's statement
// cache) rather than parsed again by sqlite3_exec each time.
void run_cached(Connection& conn, const char* sql) {
    sqlite3_stmt* stmt = conn.cached(sql);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(stmt);
        return;
    }
    std::string text = sqlite3_errmsg(conn.handle());
    sqlite3_reset(stmt);
    throw SqlError(text, rc);
}

}  // namespace

Writer::Writer(const std::string& path, WriterOptions options)
    : options_(options), conn_(path, options.create ? OpenMode::ReadWriteCreate : OpenMode::ReadWrite) {
    exec(conn_, "PRAGMA journal_mode = WAL");
    exec(conn_, "PRAGMA synchronous = FULL");
    // Foreign keys stay unenforced (SQLite's default), as in Datasette, whose writes through
    // Python's sqlite3 never turn them on: deleting a row other rows still reference succeeds.
    thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_all();
    thread_.join();
}

void Writer::run(Job job) {
    auto pending = std::make_unique<Pending>();
    pending->job = std::move(job);
    std::future<void> done = pending->done.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw SqlError("the database is shutting down", SQLITE_MISUSE);
        queue_.push_back(std::move(pending));
    }
    ready_.notify_one();
    done.get();
}

void Writer::loop() {
    for (;;) {
        std::deque<std::unique_ptr<Pending>> batch;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            while (!queue_.empty() && batch.size() < options_.max_batch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        commit_batch(batch);
    }
}

void Writer::commit_batch(std::deque<std::unique_ptr<Pending>>& batch) {
    std::vector<std::exception_ptr> failures(batch.size());
    // A job alone in its transaction needs no savepoint: rolling back the transaction undoes it.
    const bool shared = batch.size() > 1;
    try {
        run_cached(conn_, "BEGIN IMMEDIATE");
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (shared) run_cached(conn_, "SAVEPOINT job");
            try {
                batch[i]->job(conn_);
                if (shared) run_cached(conn_, "RELEASE job");
            } catch (...) {
                failures[i] = std::current_exception();
                // Some errors (e.g. a full disk) end the whole transaction; then nothing of
                // this batch is committed and every job in it fails.
                if (!shared || sqlite3_get_autocommit(conn_.handle())) throw;
                run_cached(conn_, "ROLLBACK TO job");
                run_cached(conn_, "RELEASE job");
            }
        }
        run_cached(conn_, "COMMIT");
    } catch (...) {
        auto batch_failure = std::current_exception();
        if (!sqlite3_get_autocommit(conn_.handle())) sqlite3_exec(conn_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        for (auto& f : failures)
            if (!f) f = batch_failure;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (failures[i]) batch[i]->done.set_exception(failures[i]);
        else batch[i]->done.set_value();
    }
}

}  // namespace liteserve::db
