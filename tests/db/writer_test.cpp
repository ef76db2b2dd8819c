// src/db/writer.cpp: jobs alone and jobs sharing a transaction (group commit) each commit or
// roll back whole, and a failing job never takes the others with it.
#include "db/writer.h"

#include <doctest/doctest.h>

#include <future>
#include <string>
#include <thread>
#include <vector>

#include "db/cursor.h"
#include "db/row_writes.h"
#include "support/fixture_db.h"

using namespace liteserve::db;

namespace {

std::string count_and_list(const std::string& path) {
    Connection conn(path, OpenMode::ReadOnly);
    Cursor cursor(conn, "select count(*) || ':' || ifnull(group_concat(v, ','), '') from (select v from t order by v)", {});
    cursor.step();
    return std::string(cursor.text(0));
}

void insert(Connection& conn, const std::string& v) {
    execute_write(conn, "insert into t (v) values (:v)", {{"v", v}});
}

}  // namespace

TEST_CASE("Writer: a job alone commits, or rolls back whole when it throws") {
    std::string path = liteserve::testing::temp_dir() + "/alone.db";
    Writer writer(path, WriterOptions{.max_batch = 64, .create = true});
    writer.run([](Connection& conn) { execute_schema(conn, "create table t (v text unique)"); });
    writer.run([](Connection& conn) { insert(conn, "a"); });
    CHECK_THROWS_WITH_AS(writer.run([](Connection& conn) {
        insert(conn, "b");
        insert(conn, "a");  // breaks the unique constraint: "b" must go too
    }), "UNIQUE constraint failed: t.v", SqlError);
    writer.run([](Connection& conn) { insert(conn, "c"); });
    CHECK(count_and_list(path) == "2:a,c");
}

TEST_CASE("Writer: jobs that share a transaction fail alone") {
    std::string path = liteserve::testing::temp_dir() + "/shared.db";
    Writer writer(path, WriterOptions{.max_batch = 64, .create = true});
    writer.run([](Connection& conn) { execute_schema(conn, "create table t (v text unique)"); });

    // The first job holds the writer until the others are queued, so they form one batch.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    auto blocker = std::async(std::launch::async, [&] { writer.run([&](Connection& conn) { insert(conn, "0"); released.wait(); }); });
    std::vector<std::future<bool>> results;
    for (std::string v : {"x", "y", "x", "z"})  // the second "x" fails
        results.push_back(std::async(std::launch::async, [&writer, v] {
            try {
                writer.run([&](Connection& conn) { insert(conn, v + "-first"); insert(conn, v); });
                return true;
            } catch (const SqlError&) {
                return false;
            }
        }));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the four queue up
    release.set_value();
    blocker.get();
    int committed = 0;
    for (auto& r : results) committed += r.get() ? 1 : 0;
    CHECK(committed == 3);
    CHECK(count_and_list(path) == "7:0,x,x-first,y,y-first,z,z-first");
}
