// Database options that shape its read connections.
#include "db/database.h"

#include <doctest/doctest.h>

#include <chrono>
#include <future>

#include "db/cursor.h"
#include "support/fixture_db.h"
#include "support/other_process.h"

using namespace liteserve;

TEST_CASE("cache_size_kb is applied to every read connection, in KiB") {
    db::DatabaseOptions options{"fixtures", testing::fixtures_db(), true, false, 2};
    options.cache_size_kb = 4096;
    db::Database database(options);
    auto first = database.read(std::chrono::milliseconds(1000), nullptr);
    auto second = database.read(std::chrono::milliseconds(1000), nullptr);
    for (auto* lease : {first.get(), second.get()}) {
        db::Cursor cursor(lease->conn(), "PRAGMA cache_size", {});
        REQUIRE(cursor.step());
        CHECK(cursor.integer(0) == -4096);
    }
}

namespace {

// A mutable database file holding `sql`, with `connections` read connections.
db::Database scratch_database(const std::string& sql, std::size_t connections) {
    std::string path = testing::temp_dir() + "/scratch.db";
    testing::exec_in_other_process(path, sql);
    return db::Database(db::DatabaseOptions{"scratch", path, false, false, connections});
}

}  // namespace

TEST_CASE("a view over a dropped table does not make the database unreadable") {
    db::Database database = scratch_database(
        "create table t (a integer); create table keep (b text); create view v as select a from t;", 2);
    testing::exec_in_other_process(database.path(), "drop table t");
    for (int i = 0; i < 5; ++i) {  // more reads than connections: each one goes back to the pool
        auto lease = database.read(std::chrono::milliseconds(1000), nullptr);
        const db::Table* view = lease->schema().find("v");
        REQUIRE(view);
        CHECK(view->columns.empty());  // SQLite cannot say what a broken view's columns are
        CHECK(lease->schema().find("keep"));
        CHECK_FALSE(lease->schema().find("t"));
    }
}

TEST_CASE("a read whose schema cannot be read gives its connection back") {
    db::Database database = scratch_database("create table t (a integer);", 2);
    // Another process breaks the schema. A connection that has not read it yet fails on its
    // first statement; the one that loaded the schema at start-up goes on with what it has.
    testing::exec_in_other_process(database.path(),
                                   "PRAGMA writable_schema=ON; "
                                   "insert into sqlite_master values ('table', 'bad', 'bad', 0, 'create table bad (');"
                                   "PRAGMA writable_schema=OFF; PRAGMA schema_version=100;");
    CHECK_THROWS_AS(database.read(std::chrono::milliseconds(1000), nullptr), db::SqlError);
    // Two more reads, the first held open: had the failed read kept its connection, the pool
    // would be down to the other one and the last read would wait for it forever.
    std::unique_ptr<db::ReadLease> held;
    try {
        held = database.read(std::chrono::milliseconds(1000), nullptr);
    } catch (const db::SqlError&) {
        // the failed connection again: it is back in the pool
    }
    auto next = std::async(std::launch::async, [&] {
        try {
            database.read(std::chrono::milliseconds(1000), nullptr);
        } catch (const db::SqlError&) {
        }
    });
    CHECK(next.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
}
