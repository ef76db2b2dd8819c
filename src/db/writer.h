// The single writer of one mutable database: one read-write connection in WAL mode, used by
// one request thread at a time. Jobs queue in arrival order; the thread whose job is at the
// front becomes the leader: it runs the jobs at the front of the queue (its own and those
// of the threads waiting behind it) in one transaction, commits, and wakes their threads
// with each job's outcome (group commit). A lone write thus runs on its own request's
// thread, with no hand-over to another thread and back. When several jobs share a
// transaction each runs inside its own SAVEPOINT, so a failing job is rolled back alone
// while the others commit (a job alone needs none: the rollback of its transaction undoes
// it), and every caller returns only after the shared COMMIT returned (synchronous=FULL,
// so an answered write survives a crash or a power cut).
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/connection.h"

namespace liteserve::db {

struct WriterOptions {
    std::size_t max_batch = 64;  // jobs per transaction; 1 turns group commit off
    bool create = false;         // create the file when missing
};

class Writer {
public:
    // A job does its writes on the connection and throws to fail; it must not BEGIN/COMMIT.
    using Job = std::function<void(Connection&)>;

    // Opens the connection (WAL mode); throws SqlError.
    Writer(const std::string& path, WriterOptions options);
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Runs `job` in a transaction and returns once it is durable. Rethrows the job's own
    // exception (its changes rolled back) or the commit's failure.
    void run(Job job);

private:
    struct Pending {
        Job* job;
        std::exception_ptr failure;
        bool done = false;
        std::condition_variable woken;
    };
    void commit_batch(const std::vector<Pending*>& batch);

    WriterOptions options_;
    Connection conn_;  // used only by the current leader
    std::mutex mutex_;
    std::deque<Pending*> queue_;  // guarded by mutex_; the front one's thread leads
};

}  // namespace liteserve::db
