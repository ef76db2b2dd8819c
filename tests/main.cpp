// The doctest runner for every *_test.cpp under tests/, with SQLite configured as the server
// configures it (db::configure_sqlite_library) so that tests run what production runs.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "db/library.h"

int main(int argc, char** argv) {
    liteserve::db::configure_sqlite_library();
    doctest::Context context(argc, argv);
    return context.run();
}
