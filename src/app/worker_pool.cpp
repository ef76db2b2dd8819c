// Worker threads draining a bounded FIFO queue.
#include "app/worker_pool.h"

#include <cstdio>
#include <exception>

namespace liteserve::app {
namespace {
constexpr int kSpinYields = 256;
}  // namespace

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_queued, IdleWait idle)
    : max_queued_(max_queued), spin_yields_(idle == IdleWait::YieldThenSleep ? kSpinYields : 0) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
        threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
}

bool WorkerPool::try_post(std::function<void()> work) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= max_queued_) return false;
        queue_.push_back(std::move(work));
        queued_.fetch_add(1, std::memory_order_relaxed);
    }
    ready_.notify_one();
    return true;
}

void WorkerPool::run() {
    for (;;) {
        std::function<void()> work;
        {
            for (int spin = 0; spin < spin_yields_ && queued_.load(std::memory_order_relaxed) == 0; ++spin)
                std::this_thread::yield();
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            work = std::move(queue_.front());
            queue_.pop_front();
            queued_.fetch_sub(1, std::memory_order_relaxed);
        }
        // Work items answer their own errors; this only keeps a stray exception from
        // taking the whole process down.
        try {
            work();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "liteserve: uncaught error in worker: %s\n", e.what());
        }
    }
}

}  // namespace liteserve::app
