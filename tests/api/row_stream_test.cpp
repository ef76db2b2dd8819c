// Tests for src/api/row_stream.cpp: chunks of bounded size in order, the stream's own
// connection (opened on the first call, released when the rows end or the producer is
// dropped mid-way), and pages rendered at once.
#include "api/row_stream.h"

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "api/json_rows.h"
#include "db/database.h"
#include "support/fixture_db.h"

using namespace liteserve;
using namespace liteserve::api;

namespace {

// A rollback-journal database of `rows` rows of about 100 bytes. In that mode a writer
// cannot commit while a reader holds its read transaction, which shows from outside whether
// a stream still holds its connection.
std::string numbers_db(int rows) {
    std::string dir = liteserve::testing::temp_dir();
    std::ofstream(dir + "/numbers.sql")
        << "PRAGMA journal_mode=delete;\n"
           "CREATE TABLE numbers (id INTEGER PRIMARY KEY, filler TEXT);\n"
           "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < "
        << rows << ")\nINSERT INTO numbers SELECT x, printf('%090d', x) FROM c;\n";
    std::string path = dir + "/numbers.db";
    liteserve::testing::build_database(dir + "/numbers.sql", path);
    return path;
}

// Whether a write commits at once (no busy wait): false while a reader holds the file.
bool write_commits(const std::string& path) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    int rc = sqlite3_exec(db, "UPDATE numbers SET filler = filler WHERE id = 1", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

RowOutput ndjson_output() {
    RowOutput output;
    output.encoder = std::make_unique<JsonRowsEncoder>(std::vector<std::string>{"id"}, CellFormat{}, true);
    return output;
}

const RowSource kNumbers{"select id from numbers order by id", {}, false};

}  // namespace

TEST_CASE("row_stream: every row once, in order, in chunks of about 64 KiB") {
    std::string path = numbers_db(50'000);
    db::Database database({"numbers", path, false, false, 1});
    RowOutput output;
    output.encoder =
        std::make_unique<JsonRowsEncoder>(std::vector<std::string>{"id", "filler"}, CellFormat{}, true);
    auto producer = stream_rows(database, {"select id, filler from numbers order by id", {}, false},
                                std::move(output), {});
    std::string body;
    int chunks = 0;
    for (bool more = true; more; ++chunks) {
        std::string chunk;
        more = producer(chunk);
        CHECK(chunk.size() < 64 * 1024 + 200);
        body += chunk;
    }
    CHECK(chunks > 50);  // about 5.6 MB in 64 KiB chunks
    std::size_t start = 0;
    for (int id = 1; id <= 50'000; ++id) {
        std::string expected = "{\"id\": " + std::to_string(id) + ", \"filler\": \"";
        if (body.compare(start, expected.size(), expected) != 0) {
            FAIL("row " << id << " is missing or out of order");
            break;
        }
        start = body.find('\n', start);
        if (start == std::string::npos) {
            CHECK(id == 50'000);
            break;
        }
        ++start;
    }
}

TEST_CASE("row_stream: the connection is opened by the first call and released with the rows") {
    std::string path = numbers_db(20'000);  // about 300 KB of NDJSON: several chunks
    db::Database database({"numbers", path, false, false, 1});
    REQUIRE(write_commits(path));

    SUBCASE("a producer dropped mid-stream (the client went away) releases it") {
        auto producer = stream_rows(database, kNumbers, ndjson_output(), {});
        CHECK(write_commits(path));  // nothing is opened before the first call
        std::string chunk;
        REQUIRE(producer(chunk));
        CHECK_FALSE(write_commits(path));  // the open cursor holds the read transaction
        producer = nullptr;
        CHECK(write_commits(path));
    }
    SUBCASE("the last chunk releases it, before the producer is dropped") {
        auto producer = stream_rows(database, kNumbers, ndjson_output(), {});
        std::string chunk;
        while (producer(chunk)) chunk.clear();
        CHECK(write_commits(path));
        CHECK_FALSE(producer(chunk));  // and it stays finished
    }
    SUBCASE("a cancelled request ends the stream and releases it") {
        StreamLimits limits;
        limits.cancelled = std::make_shared<std::atomic<bool>>(false);
        auto producer = stream_rows(database, kNumbers, ndjson_output(), limits);
        std::string chunk;
        REQUIRE(producer(chunk));
        limits.cancelled->store(true);
        chunk.clear();
        CHECK_FALSE(producer(chunk));
        CHECK(chunk.empty());
        CHECK(write_commits(path));
    }
}

TEST_CASE("render_rows: a page at once, bounded by max_rows") {
    std::string path = numbers_db(100);
    db::Connection conn(path, db::OpenMode::ReadOnly);
    RowOutput output = ndjson_output();
    output.max_rows = 3;
    std::string body;
    auto cursor = std::make_unique<db::Cursor>(conn, conn.prepare(kNumbers.sql), db::Params{});
    CHECK(render_rows(conn, std::move(cursor), output, body) == 3);
    CHECK(body == "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}");
}
