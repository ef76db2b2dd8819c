// src/db/library.cpp: the process-wide settings apply only before SQLite is initialised.
#include "db/library.h"

#include <doctest/doctest.h>

#include "db/connection.h"

using namespace liteserve::db;

TEST_CASE("configure_sqlite_library: too late once a connection has opened") {
    Connection conn("", OpenMode::Memory);  // initialises SQLite if nothing did before
    CHECK_FALSE(configure_sqlite_library());
}
