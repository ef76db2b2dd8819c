// ETags and 304s: If-None-Match and the determinism test as tables; in-process Apps prove
// that a 304 runs no SQL, that a tag follows the data (writes by another connection or
// process), the asker and the URL, and that answers which can change without a commit get
// none.
#include "api/etag.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "app/app.h"
#include "auth/tokens.h"
#include "support/fixture_db.h"
#include "support/other_process.h"
#include "support/requests.h"

using namespace liteserve;
using liteserve::testing::header_of;
using liteserve::testing::make_request;

namespace {

struct TestApp {
    std::string path;
    std::unique_ptr<app::App> app;

    Response get(const std::string& target, liteserve::testing::Headers headers = {}) const {
        Request r = make_request("GET", target, std::move(headers));
        return app->handle(r);
    }
    // The tag of a 200 answer (fails the test for any other status).
    std::string tag(const std::string& target, liteserve::testing::Headers headers = {}) const {
        Response r = get(target, std::move(headers));
        REQUIRE_MESSAGE(r.status == 200, r.body);
        return header_of(r, "etag");
    }
    std::uint64_t reads() const { return app->context().databases.front()->reads_started(); }
};

TestApp make_app(bool immutable = false, const std::string& config_json = "", std::string path = "") {
    if (path.empty()) {
        path = liteserve::testing::temp_dir() + "/fixtures.db";
        std::filesystem::copy_file(liteserve::testing::fixtures_db(), path);
    }
    app::AppOptions options;
    options.files.push_back({path, immutable});
    options.secret = "etag-test-secret";
    if (!config_json.empty()) {
        options.config_path = liteserve::testing::temp_dir() + "/config.json";
        std::ofstream(options.config_path) << config_json;
    }
    return {path, std::make_unique<app::App>(std::move(options))};
}

void exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("if_none_match") {
    struct Case {
        std::string header;
        bool matches;
    };
    const std::vector<Case> cases = {
        {"\"abc\"", true},
        {"W/\"abc\"", true},                // weak comparison, as RFC 9110 asks for If-None-Match
        {"\"x\", \"abc\"", true},
        {" \"x\" ,W/\"abc\" ", true},
        {"*", true},
        {"\"abd\"", false},
        {"abc", false},                     // not quoted: not the same tag
        {"", false},
        {"\"ab\", \"c\"", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.header);
        CHECK(api::if_none_match(c.header, "\"abc\"") == c.matches);
    }
}

TEST_CASE("sql_is_deterministic") {
    struct Case {
        std::string sql;
        bool deterministic;
    };
    const std::vector<Case> cases = {
        {"select * from facetable where pk > 3", true},
        {"select date(created), strftime('%Y', created) from facetable", true},
        {"select datetime(created, '+1 day') from facetable", true},
        {"select random()", false},
        {"select abs(RANDOM()) % 10", false},
        {"select hex(randomblob(4))", false},
        {"select date('now')", false},
        {"select datetime( 'NOW', 'localtime')", false},
        {"select date()", false},                          // no time value: the current time
        {"select julianday( )", false},
        {"select strftime('%s')", false},                  // a format only: the current time
        {"select strftime('%s', 'now')", false},
        {"select current_timestamp", false},
        {"select * from t where created < CURRENT_DATE", false},
        {"select unixepoch()", false},
        {"select unixepoch(created) from facetable", true},
        {"select 'random words' from t", false},           // conservative: the word counts
        {"select randomness from t", true},                // only whole words
        {"select time(max(created)) from facetable", true},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sql);
        CHECK(api::sql_is_deterministic(c.sql) == c.deterministic);
    }
}

TEST_CASE("ETag: 304 for a matching If-None-Match, without running any SQL") {
    TestApp t = make_app();
    for (const char* target : {"/fixtures/facetable.json?_size=2", "/fixtures/facetable/1.json", "/fixtures.json",
                               "/fixtures/-/query.json?sql=select+count(*)+from+facetable", "/fixtures/-/schema.json",
                               "/fixtures/facetable.csv", "/fixtures/facetable/-/schema.json"}) {
        CAPTURE(target);
        std::string tag = t.tag(target);
        REQUIRE(tag.size() == 34);
        CHECK(tag.front() == '"');
        CHECK(t.tag(target) == tag);  // nothing changed: the same tag

        std::uint64_t reads = t.reads();
        Response again = t.get(target, {{"if-none-match", tag}});
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        CHECK(header_of(again, "etag") == tag);
        CHECK(t.reads() == reads);  // no read connection was even borrowed

        CHECK(t.get(target, {{"if-none-match", "\"other\""}}).status == 200);
    }
}

TEST_CASE("ETag: a 304 for tables and rows repeats Cache-Control") {
    TestApp t = make_app();
    std::string tag = t.tag("/fixtures/facetable.json?_ttl=60");
    Response r = t.get("/fixtures/facetable.json?_ttl=60", {{"if-none-match", tag}});
    CHECK(r.status == 304);
    CHECK(header_of(r, "cache-control") == "max-age=60");
    std::string q = t.tag("/fixtures/-/query.json?sql=select+1");
    CHECK(header_of(t.get("/fixtures/-/query.json?sql=select+1", {{"if-none-match", q}}), "cache-control") == "(absent)");
}

TEST_CASE("ETag: the tag follows the URL, the Host and the asker") {
    TestApp t = make_app();
    std::string tag = t.tag("/fixtures/facetable.json");
    CHECK(t.tag("/fixtures/facetable.json?_size=1") != tag);
    CHECK(t.tag("/fixtures/facetable.json", {{"host", "other.example"}}) != tag);  // absolute URLs differ
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    std::string token =
        "Bearer " + auth::create_token({"alice", now.count(), std::nullopt, std::nullopt}, "etag-test-secret");
    std::string alice = t.tag("/fixtures/facetable.json", {{"authorization", token}});
    CHECK(alice != tag);
    // A header that is no valid token is anonymous: the anonymous tag.
    CHECK(t.tag("/fixtures/facetable.json", {{"authorization", "Bearer nonsense"}}) == tag);
}

TEST_CASE("ETag: writes by another connection or another process change the tag") {
    TestApp t = make_app();
    const std::string target = "/fixtures/facetable.json?_size=1";
    std::string first = t.tag(target);
    exec(t.path, "update facetable set state = 'XX' where pk = 1");
    std::string second = t.tag(target);
    CHECK(second != first);
    Response stale = t.get(target, {{"if-none-match", first}});
    CHECK(stale.status == 200);
    CHECK(stale.body.find("\"XX\"") != std::string::npos);

    exec(t.path, "PRAGMA journal_mode=WAL");
    std::string wal = t.tag(target);
    liteserve::testing::exec_in_other_process(t.path, "update facetable set state = 'YY' where pk = 1");
    std::string third = t.tag(target);
    CHECK(third != wal);
    CHECK(t.get(target, {{"if-none-match", wal}}).status == 200);
    CHECK(t.get(target, {{"if-none-match", third}}).status == 304);
}

TEST_CASE("ETag: the server's own writes (its writer connection) change the tag") {
    TestApp t = make_app(false, R"json({"databases": {"fixtures": {"queries": {
        "add_tag": {"sql": "insert into tags (tag) values (:tag)", "write": true}}}}})json");
    std::string before = t.tag("/fixtures/tags.json");
    Request post = make_request("POST", "/fixtures/add_tag", {{"accept", "application/json"}}, R"({"tag": "new"})");
    REQUIRE(t.app->handle(post).status == 200);
    std::string after = t.tag("/fixtures/tags.json");
    CHECK(after != before);
    CHECK(t.get("/fixtures/tags.json", {{"if-none-match", before}}).status == 200);
}

TEST_CASE("ETag: immutable files keep their tags across restarts") {
    TestApp first = make_app(true);
    std::string tag = first.tag("/fixtures/facetable.json");
    TestApp second = make_app(true, "", first.path);
    CHECK(second.tag("/fixtures/facetable.json") == tag);
    CHECK(second.get("/fixtures/facetable.json", {{"if-none-match", tag}}).status == 304);
    // A mutable server's tags are its own: after a restart every client revalidates once.
    TestApp mutable_app = make_app(false);
    TestApp restarted = make_app(false, "", mutable_app.path);
    CHECK(mutable_app.tag("/fixtures/facetable.json") != restarted.tag("/fixtures/facetable.json"));
}

TEST_CASE("ETag: none where the answer can change without a commit, and none for errors") {
    TestApp t = make_app(false, R"({"databases": {"fixtures": {"queries": {
        "magic": "select :_now_epoch as now",
        "plain": "select count(*) as n from facetable"}}}})");
    CHECK(t.tag("/fixtures/-/query.json?sql=select+random()") == "(absent)");
    CHECK(t.tag("/fixtures/facetable.json?_where=pk+%3E+abs(random()+%25+3)") == "(absent)");
    CHECK(t.tag("/fixtures/magic.json") == "(absent)");
    CHECK(t.tag("/fixtures/plain.json") != "(absent)");
    Response missing = t.get("/fixtures/nope.json");
    CHECK(missing.status == 404);
    CHECK(header_of(missing, "etag") == "(absent)");
    CHECK(header_of(t.get("/-/versions.json"), "etag") == "(absent)");  // not database-backed
}

TEST_CASE("ETag: in-memory databases get none") {
    app::AppOptions options;
    options.memory = true;
    app::App app(std::move(options));
    Request r = make_request("GET", "/_memory/-/query.json?sql=select+1");
    Response response = app.handle(r);
    CHECK(response.status == 200);
    CHECK(header_of(response, "etag") == "(absent)");
}
