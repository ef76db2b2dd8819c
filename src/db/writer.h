// The single writer of one mutable database: one read-write connection in WAL mode and one
// thread that runs write jobs in arrival order. Jobs that arrive while a transaction is
// being committed wait for the next one, and then share it (group commit): when several
// share it each job runs inside its own SAVEPOINT, so a failing job is rolled back alone
// while the others commit (a job alone needs none: the rollback of its transaction undoes
// it), and every caller is answered only after the shared COMMIT returned
// (synchronous=FULL, so an answered write survives a crash or a power cut).
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

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

    // Opens the connection (WAL mode) and starts the thread; throws SqlError.
    Writer(const std::string& path, WriterOptions options);
    ~Writer();  // finishes queued jobs, then stops
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Runs `job` in a transaction and blocks until it is durable. Rethrows the job's own
    // exception (its changes rolled back) or the commit's failure.
    void run(Job job);

private:
    struct Pending {
        Job job;
        std::promise<void> done;
    };
    void loop();
    void commit_batch(std::deque<std::unique_ptr<Pending>>& batch);

    WriterOptions options_;
    Connection conn_;  // used only by thread_
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::unique_ptr<Pending>> queue_;  // guarded by mutex_
    bool stopping_ = false;                       // guarded by mutex_
    std::thread thread_;
};

}  // namespace liteserve::db
