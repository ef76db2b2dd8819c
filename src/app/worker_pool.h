// A fixed pool of worker threads with a bounded queue: all SQLite work runs here, never on
// an io thread. A full queue refuses new work so the caller can answer 503 at once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace liteserve::app {

// How an idle worker waits. Yielding a little before sleeping saves the futex wake-up of a
// sleeping worker when short requests arrive microseconds apart (reads); for work that then
// waits on a commit anyway (writes) the yields are only CPU taken from everything else.
enum class IdleWait { YieldThenSleep, Sleep };

class WorkerPool {
public:
    WorkerPool(std::size_t threads, std::size_t max_queued, IdleWait idle = IdleWait::YieldThenSleep);
    ~WorkerPool();  // finishes queued work, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Queues `work`; false when the queue already holds max_queued items or the pool stops.
    bool try_post(std::function<void()> work);
    std::size_t threads() const { return threads_.size(); }

private:
    void run();

    const std::size_t max_queued_;
    const int spin_yields_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> queue_;  // guarded by mutex_
    bool stopping_ = false;                    // guarded by mutex_
    std::atomic<std::size_t> queued_{0};       // queue_.size(), readable without the mutex
    std::vector<std::thread> threads_;
};

}  // namespace liteserve::app
