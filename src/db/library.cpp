// sqlite3_config calls that only take effect before sqlite3_initialize.
#include "db/library.h"

#include <sqlite3.h>

namespace liteserve::db {

bool configure_sqlite_library() {
    return sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalInMemoryBytes) == SQLITE_OK;
}

}  // namespace liteserve::db
