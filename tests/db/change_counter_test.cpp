// db::ChangeCounter: the token moves with every commit by another connection or another
// process, in rollback-journal and in WAL mode, and stays put otherwise; immutable files keep
// theirs for good.
#include "db/change_counter.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <sqlite3.h>

#include "support/fixture_db.h"
#include "support/other_process.h"

using liteserve::db::ChangeCounter;

namespace {

void exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

std::string new_database(const std::string& journal_mode) {
    std::string path = liteserve::testing::temp_dir() + "/watched.db";
    exec(path, "PRAGMA journal_mode=" + journal_mode + "; create table t (id integer primary key, v text);");
    return path;
}

}  // namespace

TEST_CASE("ChangeCounter: writes by other connections and processes move the token") {
    for (const char* mode : {"DELETE", "WAL"}) {
        CAPTURE(mode);
        std::string path = new_database(mode);
        ChangeCounter counter(path, false);
        std::string first = counter.token();
        CHECK(counter.token() == first);  // nothing committed: the same token

        exec(path, "insert into t (v) values ('same process, other connection')");
        std::string second = counter.token();
        CHECK(second != first);
        CHECK(counter.token() == second);

        liteserve::testing::exec_in_other_process(path, "insert into t (v) values ('other process')");
        std::string third = counter.token();
        CHECK(third != second);
        CHECK(third != first);

        // An update that leaves the file the same size still moves it.
        liteserve::testing::exec_in_other_process(path, "update t set v = 'x' where id = 1");
        CHECK(counter.token() != third);
    }
}

TEST_CASE("ChangeCounter: a schema change moves the token; a rolled-back write does not") {
    std::string path = new_database("WAL");
    ChangeCounter counter(path, false);
    std::string before = counter.token();
    exec(path, "begin; insert into t (v) values ('never'); rollback;");
    CHECK(counter.token() == before);
    liteserve::testing::exec_in_other_process(path, "create index t_v on t (v)");
    CHECK(counter.token() != before);
}

TEST_CASE("ChangeCounter: two counters (two server processes) never share tokens") {
    std::string path = new_database("WAL");
    ChangeCounter a(path, false);
    ChangeCounter b(path, false);
    CHECK(a.token() != b.token());
}

TEST_CASE("ChangeCounter: an immutable file's token is its identity, the same after a restart") {
    std::string path = new_database("DELETE");
    ChangeCounter counter(path, true);
    std::string token = counter.token();
    CHECK(token.find(std::to_string(std::filesystem::file_size(path))) != std::string::npos);
    CHECK(ChangeCounter(path, true).token() == token);
    // The file's identity was taken at start-up: an immutable file is promised not to change.
    CHECK(counter.token() == token);
}
