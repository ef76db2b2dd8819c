// Change detection for one database file, for HTTP validators (ETags): a token that is equal
// for two calls only if nothing was committed to the file in between, by this process or any
// other.
//
// Mutable files: one dedicated read-only connection per database runs `PRAGMA data_version`.
// SQLite documents that its value, on one connection, differs between two calls whenever any
// OTHER connection (of this process or another one) committed in between. The pager finds out
// when it starts the pragma's read transaction: in rollback-journal mode it compares the
// file change counter in the database header (bytes 24-39), which every committing writer
// increments; in WAL mode it compares the wal-index header in the -shm file, which every
// commit rewrites (the header's change counter does not move in WAL mode, so it alone would
// not do). The watch connection never writes, so every commit is "another connection's".
// Its value only means something on that connection, so the token also carries a random
// number drawn at start-up: tokens never repeat across restarts. It also carries the file's
// size, which /db.json shows and a WAL checkpoint can change without a commit.
//
// Immutable files (-i) promise not to change: their token is the file's identity at start-up
// (canonical path, size, modification time), stable across restarts.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "db/connection.h"

namespace liteserve::db {

class ChangeCounter {
public:
    // Reads the file's identity; for a mutable file also opens the watch connection.
    // Throws SqlError when the file cannot be opened.
    ChangeCounter(const std::string& path, bool immutable);
    ChangeCounter(const ChangeCounter&) = delete;
    ChangeCounter& operator=(const ChangeCounter&) = delete;

    // The current token. Thread-safe: calls on a mutable file are serialized, each one a short
    // read transaction (no table is read). Throws SqlError when the file cannot be read.
    std::string token();

private:
    std::int64_t data_version();

    std::string path_;
    std::string fixed_;               // immutable: the whole token; mutable: the random prefix
    std::mutex mutex_;
    std::unique_ptr<Connection> watch_;  // mutable files only; guarded by mutex_
    StatementPtr pragma_;                // "PRAGMA data_version" on watch_; guarded by mutex_
};

}  // namespace liteserve::db
