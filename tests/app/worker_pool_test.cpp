// src/app/worker_pool.cpp: every queued item runs once, a full queue refuses work, and both
// ways of waiting for work behave the same apart from CPU use.
#include "app/worker_pool.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

using namespace liteserve::app;

TEST_CASE("WorkerPool: runs every posted item once, with either idle wait") {
    for (IdleWait idle : {IdleWait::YieldThenSleep, IdleWait::Sleep}) {
        CAPTURE(static_cast<int>(idle));
        std::atomic<int> ran{0};
        {
            WorkerPool pool(3, 1000, idle);
            for (int i = 0; i < 500; ++i) {
                while (!pool.try_post([&] { ran.fetch_add(1); })) std::this_thread::yield();
            }
        }  // the destructor finishes queued work
        CHECK(ran.load() == 500);
    }
}

TEST_CASE("WorkerPool: a full queue refuses work until a worker takes some") {
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::promise<void> started;
    WorkerPool pool(1, 2, IdleWait::Sleep);
    REQUIRE(pool.try_post([&, released] { started.set_value(); released.wait(); }));
    started.get_future().wait();  // the only worker is busy
    CHECK(pool.try_post([] {}));
    CHECK(pool.try_post([] {}));
    CHECK_FALSE(pool.try_post([] {}));  // two queued: the limit
    release.set_value();
    bool accepted = false;
    for (int i = 0; i < 1000 && !accepted; ++i) {
        accepted = pool.try_post([] {});
        if (!accepted) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    CHECK(accepted);
}
