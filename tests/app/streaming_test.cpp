// Loopback tests of _stream=on through the whole server (App::serve on port 0): a table far
// larger than a page arrives complete and in order as NDJSON and as CSV, and a client that
// disconnects mid-stream frees the only SQL worker and the stream's database connection.
#include "app/app.h"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "http/test_support.h"
#include "support/fixture_db.h"

using namespace liteserve;
using liteserve::http::testing::TestClient;
using namespace std::chrono_literals;

namespace {

constexpr int kRows = 50'000;
using SettingList = std::vector<std::pair<std::string, std::string>>;

// numbers.db: kRows rows of about 100 bytes, in rollback-journal mode (a writer cannot commit
// while any reader holds the file, which shows whether a stream still holds its connection).
std::string numbers_db() {
    static const std::string path = [] {
        std::string dir = liteserve::testing::temp_dir();
        std::ofstream(dir + "/numbers.sql")
            << "PRAGMA journal_mode=delete;\n"
               "CREATE TABLE numbers (id INTEGER PRIMARY KEY, filler TEXT);\n"
               "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < "
            << kRows << ")\nINSERT INTO numbers SELECT x, printf('%090d', x) FROM c;\n";
        std::string p = dir + "/numbers.db";
        liteserve::testing::build_database(dir + "/numbers.sql", p);
        return p;
    }();
    return path;
}

// App::serve on its own thread; stop() and join on destruction.
class ServedApp {
public:
    explicit ServedApp(const SettingList& settings = {})
        : app_(options(settings)) {
        std::promise<std::uint16_t> listening;
        auto port = listening.get_future();
        thread_ = std::thread([this, &listening] { app_.serve([&](std::uint16_t p) { listening.set_value(p); }); });
        port_ = port.get();
    }
    ~ServedApp() {
        app_.stop();
        thread_.join();
    }
    std::uint16_t port() const { return port_; }

private:
    static app::AppOptions options(const SettingList& settings) {
        app::AppOptions o;
        o.files.push_back({numbers_db(), false});
        o.port = 0;
        for (const auto& [name, value] : settings) config::apply_setting(o.settings, name, value);
        return o;
    }

    app::App app_;
    std::thread thread_;
    std::uint16_t port_ = 0;
};

std::string get_request(const std::string& target) { return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"; }

std::vector<std::string> lines_of(const std::string& body, const std::string& separator) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (auto at = body.find(separator); at != std::string::npos; at = body.find(separator, start)) {
        lines.push_back(body.substr(start, at - start));
        start = at + separator.size();
    }
    lines.push_back(body.substr(start));
    return lines;
}

// An endless series that looks up a numbers row for each value (URL-encoded SQL): it reads
// numbers.db for as long as it runs. A correlated subquery rather than a join, which SQLite
// would plan by materializing the endless series first.
std::string endless_lookup(const std::string& result) {
    return "with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+from+c)+select+" + result + "+from+c";
}
const std::string kLookup = "(select+filler+from+numbers+where+id+%3D+x+%25+50000+%2B+1)";

// Whether a write commits at once: false while any reader holds numbers.db.
bool write_commits() {
    sqlite3* db = nullptr;
    sqlite3_open_v2(numbers_db().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    int rc = sqlite3_exec(db, "UPDATE numbers SET filler = filler WHERE id = 1", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

}  // namespace

TEST_CASE("streaming: 50,000 rows arrive once each and in order, as NDJSON and as CSV") {
    ServedApp served;
    TestClient client(served.port());

    client.send(get_request("/numbers/numbers.json?_shape=array&_nl=on&_col=id&_stream=on"));
    auto ndjson = client.read_reply(false, 20s);
    CHECK(ndjson.status == 200);
    CHECK(ndjson.header("transfer-encoding") == "chunked");
    auto lines = lines_of(ndjson.body, "\n");
    REQUIRE(lines.size() == kRows);
    for (int i = 0; i < kRows; ++i) {
        if (lines[i] != "{\"id\": " + std::to_string(i + 1) + "}") {
            FAIL("NDJSON line " << i << " is " << lines[i]);
            break;
        }
    }

    // The same keep-alive connection serves the next stream.
    client.send(get_request("/numbers/numbers.csv?_stream=on&_dl=1"));
    auto csv = client.read_reply(false, 20s);
    CHECK(csv.status == 200);
    CHECK(csv.header("content-disposition") == "attachment; filename=\"numbers.csv\"");
    lines = lines_of(csv.body, "\r\n");
    REQUIRE(lines.size() == 1 + kRows + 1);
    CHECK(lines.front() == "id,filler");
    CHECK(lines.back() == "");
    for (int i = 1; i <= kRows; ++i) {
        char expected[128];
        std::snprintf(expected, sizeof expected, "%d,%090d", i, i);
        if (lines[i] != expected) {
            FAIL("CSV line " << i << " is " << lines[i]);
            break;
        }
    }
}

TEST_CASE("streaming: a client leaving mid-stream frees the only worker and the stream's connection") {
    ServedApp served(SettingList{{"num_sql_threads", "1"}});
    auto answered_promptly = [&] {
        auto started = std::chrono::steady_clock::now();
        TestClient next(served.port());
        next.send(get_request("/numbers/numbers.json?_size=1&_col=id&_shape=array"));
        auto reply = next.read_reply(false, 2s);
        CHECK(reply.body == "[{\"id\": 1}]");
        return std::chrono::steady_clock::now() - started < 1s;
    };

    SUBCASE("while chunks are being written") {
        // An endless stream that keeps reading numbers.db: it holds the file while it runs.
        TestClient client(served.port());
        client.send(get_request(
            "/numbers/-/query.json?_stream=on&_shape=array&_nl=on&sql=" + endless_lookup("x,+" + kLookup)));
        CHECK(http::testing::eventually([&] { return client.unread(10ms).size() > 256 * 1024; }, 5s));
        CHECK_FALSE(write_commits());
        client.close();
        CHECK(answered_promptly());
        CHECK(http::testing::eventually(write_commits, 1s));
    }
    SUBCASE("while a chunk is still running its SQL") {
        // count(*) over an endless series yields no row: only the cancel flag stops it.
        TestClient client(served.port());
        client.send(get_request(
            "/numbers/-/query.json?_stream=on&_shape=array&sql=" + endless_lookup("count(" + kLookup + ")")));
        CHECK(http::testing::eventually([&] { return client.unread(10ms).find("\r\n\r\n") != std::string::npos; }));
        std::this_thread::sleep_for(100ms);
        CHECK_FALSE(write_commits());
        client.close();
        CHECK(answered_promptly());
        CHECK(http::testing::eventually(write_commits, 1s));
    }
}
