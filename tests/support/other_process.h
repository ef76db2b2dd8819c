// Writes made by another process (its own connection, its own POSIX locks), for tests of
// change detection: the server must notice commits it did not make itself.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include <doctest/doctest.h>
#include <sqlite3.h>

namespace liteserve::testing {

// Runs `sql` on `path` in a forked child and requires it to succeed.
inline void exec_in_other_process(const std::string& path, const std::string& sql) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        sqlite3* db = nullptr;
        int rc = sqlite3_open(path.c_str(), &db);
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
        sqlite3_close(db);
        _exit(rc == SQLITE_OK ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
}

}  // namespace liteserve::testing
