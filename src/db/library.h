// Process-wide SQLite configuration, applied once before the first connection opens.
#pragma once

#include <cstddef>

namespace liteserve::db {

// How much of a statement journal SQLite keeps in memory before it spills to a temporary
// file. A write request that shares its transaction runs inside a SAVEPOINT, whose journal
// holds the original of every page the request changes: a 100-row insert touches a few
// hundred KiB of pages, past SQLite's default of 64 KiB, and each spilled page then cost a
// write system call while the database's write connection was held. Jobs that change more
// than this still spill, so memory stays bounded.
constexpr int kStatementJournalInMemoryBytes = 8 << 20;

// Applies the settings above. Must run before SQLite is initialised (before any connection
// opens); returns false, leaving SQLite's defaults, when it is too late.
bool configure_sqlite_library();

}  // namespace liteserve::db
