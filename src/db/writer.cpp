// Leader/follower group commit: batches of jobs, one savepoint each, one COMMIT per batch.
#include "db/writer.h"

#include <algorithm>
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
}

void Writer::run(Job job) {
    Pending self{&job, nullptr, false, {}};
    std::unique_lock lock(mutex_);
    queue_.push_back(&self);
    self.woken.wait(lock, [&] { return self.done || queue_.front() == &self; });
    if (!self.done) {
        // This thread leads: the batch is the front of the queue, its own job first. Threads
        // that queue meanwhile wait for the next batch.
        std::vector<Pending*> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(
                                                        std::min(queue_.size(), std::max<std::size_t>(1, options_.max_batch))));
        lock.unlock();
        commit_batch(batch);
        lock.lock();
        for (Pending* pending : batch) {
            queue_.pop_front();
            pending->done = true;
            if (pending != &self) pending->woken.notify_one();
        }
        if (!queue_.empty()) queue_.front()->woken.notify_one();
    }
    lock.unlock();
    if (self.failure) std::rethrow_exception(self.failure);
}

void Writer::commit_batch(const std::vector<Pending*>& batch) {
    // A job alone needs no savepoint: rolling back the transaction undoes it.
    const bool shared = batch.size() > 1;
    try {
        run_cached(conn_, "BEGIN IMMEDIATE");
        for (Pending* pending : batch) {
            if (shared) run_cached(conn_, "SAVEPOINT job");
            try {
                (*pending->job)(conn_);
                if (shared) run_cached(conn_, "RELEASE job");
            } catch (...) {
                pending->failure = std::current_exception();
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
        for (Pending* pending : batch)
            if (!pending->failure) pending->failure = batch_failure;
    }
}

}  // namespace liteserve::db
