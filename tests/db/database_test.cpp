// Database options that shape its read connections.
#include "db/database.h"

#include <doctest/doctest.h>

#include "db/cursor.h"
#include "support/fixture_db.h"

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
