// liteserve's entry point: SQLite's process-wide settings, then everything happens in cli::run.
#include "cli/cli.h"
#include "db/library.h"

int main(int argc, char** argv) {
    liteserve::db::configure_sqlite_library();
    return liteserve::cli::run(argc, argv);
}
