// In-process tests of CSV and streamed answers (src/api/exports.cpp): an App over a copy of
// the fixtures database answers through App::handle; a streamed Response is drained by
// calling its next_chunk as the HTTP layer would. CSV bodies are Datasette 1.0's.
#include "api/exports.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "app/app.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<app::App> make_app(const std::vector<std::pair<std::string, std::string>>& settings = {}) {
    std::string path = liteserve::testing::temp_dir() + "/fixtures.db";
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), path);
    app::AppOptions options;
    options.files.push_back({path, false});
    for (const auto& [name, value] : settings) config::apply_setting(options.settings, name, value);
    return std::make_unique<app::App>(std::move(options));
}

const app::App& fixtures_app() {
    static const std::unique_ptr<app::App> app = make_app();
    return *app;
}

Request make_request(const std::string& target) {
    Request r = liteserve::testing::make_request("GET", target);
    return r;
}

Response get(const app::App& app, const std::string& target) {
    Request r = make_request(target);
    return app.handle(r);
}
Response get(const std::string& target) { return get(fixtures_app(), target); }

std::string header(const Response& r, std::string_view name) {
    const std::string* value = r.find_header(name);
    return value ? *value : "(absent)";
}

// Calls next_chunk until it reports the end, as the HTTP layer does; checks that every chunk
// stays near 64 KiB (one row may overshoot).
std::string drain(Response& r, int* chunks = nullptr) {
    REQUIRE(r.next_chunk);
    std::string body = r.body;
    int n = 0;
    for (bool more = true; more;) {
        std::string chunk;
        more = r.next_chunk(chunk);
        CHECK(chunk.size() < 80 * 1024);
        body += chunk;
        ++n;
    }
    if (chunks) *chunks = n;
    return body;
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (auto at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + separator.size();
    }
    parts.push_back(text.substr(start));
    return parts;
}

// pk1,pk2,pk3 of compound_three_primary_keys in key order: a,a,a … z,z,z, first 1001 rows.
std::vector<std::string> compound_keys() {
    std::vector<std::string> keys;
    for (char a = 'a'; a <= 'z'; ++a)
        for (char b = 'a'; b <= 'z'; ++b)
            for (char c = 'a'; c <= 'z'; ++c)
                if (keys.size() < 1001) keys.push_back(std::string{a, ',', b, ',', c});
    return keys;
}

// An endless recursive query, for time limits and cancellation.
const std::string kEndless =
    "/fixtures/-/query.csv?sql=with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+from+c)+select+x+from+c";

}  // namespace

TEST_CASE("exports: a table as CSV is the page, with the JSON view's cache headers") {
    Response r = get("/fixtures/facetable.csv?_size=3&_col=state");
    CHECK(r.status == 200);
    CHECK_FALSE(r.next_chunk);
    CHECK(r.body == "pk,state\r\n1,CA\r\n2,CA\r\n3,CA\r\n");
    CHECK(header(r, "content-type") == "text/plain; charset=utf-8");
    CHECK(header(r, "cache-control") == "max-age=5");
    CHECK(header(r, "referrer-policy") == "no-referrer");
    CHECK(header(r, "content-disposition") == "(absent)");

    CHECK(get("/fixtures/infinity.csv").body == "rowid,value\r\n1,inf\r\n2,-inf\r\n3,1.5\r\n");
    CHECK(get("/fixtures/no_primary_key.csv?_size=2").body == "rowid,content,a,b,c\r\n1,1,a1,b1,c1\r\n2,2,a2,b2,c2\r\n");
    CHECK(get("/fixtures/facetable.csv?state=MI&_sort_desc=pk&_col=_neighborhood&_size=2").body ==
          "pk,_neighborhood\r\n14,Mexicantown\r\n13,Corktown\r\n");
    CHECK(get("/fixtures/facetable.csv?_size=2&_col=tags").body ==
          "pk,tags\r\n1,\"[\"\"tag1\"\", \"\"tag2\"\"]\"\r\n2,\"[\"\"tag1\"\", \"\"tag3\"\"]\"\r\n");
    CHECK(get("/fixtures/facetable.csv?_ttl=0&_size=0").body == "pk,created,planet_int,on_earth,state,_city_id,"
                                                              "_neighborhood,tags,complex_array,distinct_some_null,n\r\n");
}

TEST_CASE("exports: _header=off, _dl=1 and the BLOB links") {
    CHECK(get("/fixtures/facetable.csv?_size=2&_col=state&_header=off").body == "1,CA\r\n2,CA\r\n");
    // Only the exact word "off" drops the header, as in Datasette.
    CHECK(get("/fixtures/facetable.csv?_size=1&_col=state&_header=0").body == "pk,state\r\n1,CA\r\n");

    Response dl = get("/fixtures/facetable.csv?_size=1&_col=state&_dl=1");
    CHECK(header(dl, "content-type") == "text/csv; charset=utf-8");
    CHECK(header(dl, "content-disposition") == "attachment; filename=\"facetable.csv\"");
    CHECK(header(get("/fixtures/-/query.csv?sql=select+1&_dl=1"), "content-disposition") ==
          "attachment; filename=\"fixtures.csv\"");
    CHECK(header(get("/fixtures/simple_primary_key/1.csv?_dl=on"), "content-disposition") ==
          "attachment; filename=\"simple_primary_key.csv\"");
    // The {table} as the URL spells it, tilde-encoding and all (Datasette's url_vars).
    CHECK(header(get("/fixtures/table~2Fwith~2Fslashes~2Ecsv.csv?_dl=1"), "content-disposition") ==
          "attachment; filename=\"table~2Fwith~2Fslashes~2Ecsv.csv\"");

    CHECK(get("/fixtures/binary_data.csv").body ==
          "rowid,data\r\n"
          "1,http://localhost/fixtures/binary_data/1.blob?_blob_column=data\r\n"
          "2,http://localhost/fixtures/binary_data/2.blob?_blob_column=data\r\n"
          "3,\r\n");
}

TEST_CASE("exports: a row and a query as CSV") {
    Response row = get("/fixtures/simple_primary_key/1.csv");
    CHECK(row.status == 200);
    CHECK(row.body == "id,content\r\n1,hello\r\n");
    CHECK(header(row, "content-type") == "text/plain; charset=utf-8");
    CHECK(header(row, "cache-control") == "(absent)");  // as Datasette's row CSV
    CHECK(get("/fixtures/compound_primary_key/a~2Fb,~2Ec-d.csv").body == "pk1,pk2,content\r\na/b,.c-d,c\r\n");
    CHECK(get("/fixtures/simple_primary_key/999.csv").status == 404);

    Response query = get("/fixtures/-/query.csv?sql=select+1+as+a,+'x,y'+as+b,+null+as+c,+:p+as+d&p=3");
    CHECK(query.status == 200);
    CHECK_FALSE(query.next_chunk);
    CHECK(query.body == "a,b,c,d\r\n1,\"x,y\",,3\r\n");
    CHECK(header(query, "cache-control") == "(absent)");

    Response bad = get("/fixtures/-/query.csv?sql=select+nope+from+facetable");
    CHECK(bad.status == 400);
    CHECK(bad.body.find("no such column: nope") != std::string::npos);
    CHECK(get("/fixtures/-/query.csv?sql=update+facetable+set+pk%3D1").status == 400);
}

TEST_CASE("exports: a query's CSV stops at max_returned_rows, streamed or not; its JSON stream does not") {
    auto app = make_app({{"max_returned_rows", "10"}});
    const std::string sql = "/fixtures/-/query.csv?sql=select+pk1,pk2,pk3+from+compound_three_primary_keys";
    CHECK(split(get(*app, sql).body, "\r\n").size() == 1 + 10 + 1);

    // As Datasette, whose streamed query CSV is its one page.
    Response streamed = get(*app, sql + "&_stream=on");
    CHECK(streamed.body.empty());
    auto lines = split(drain(streamed), "\r\n");
    REQUIRE(lines.size() == 1 + 10 + 1);
    CHECK(lines.front() == "pk1,pk2,pk3");
    CHECK(lines.back() == "");
    auto keys = compound_keys();
    CHECK(std::vector<std::string>(lines.begin() + 1, lines.end() - 1) ==
          std::vector<std::string>(keys.begin(), keys.begin() + 10));

    // liteserve's JSON streams give every row.
    Response json = get(*app, "/fixtures/-/query.json?sql=select+pk1,pk2,pk3+from+compound_three_primary_keys"
                              "&_shape=array&_nl=on&_stream=on");
    CHECK(split(drain(json), "\n").size() == 1001);
}

TEST_CASE("exports: a streamed table is every row in key order, whatever the page size") {
    Response r = get("/fixtures/compound_three_primary_keys.csv?_stream=on&_size=5&_col=pk1");
    CHECK(r.status == 200);
    CHECK(header(r, "cache-control") == "max-age=5");
    auto lines = split(drain(r), "\r\n");
    REQUIRE(lines.size() == 1 + 1001 + 1);
    CHECK(lines[0] == "pk1,pk2,pk3");
    CHECK(std::vector<std::string>(lines.begin() + 1, lines.end() - 1) == compound_keys());

    // Sorted streams break ties by key, the order paging through every page gives.
    Response sorted = get("/fixtures/facetable.csv?_stream=on&_sort=state&_col=state");
    CHECK(drain(sorted) ==
          "pk,state\r\n1,CA\r\n2,CA\r\n3,CA\r\n4,CA\r\n5,CA\r\n6,CA\r\n7,CA\r\n8,CA\r\n9,CA\r\n10,CA\r\n"
          "15,MC\r\n11,MI\r\n12,MI\r\n13,MI\r\n14,MI\r\n");
}

TEST_CASE("exports: _stream=on for JSON arrays and NDJSON, tables and queries") {
    // A table smaller than a page streams to exactly the page's text.
    Response page = get("/fixtures/facetable.json?_shape=array");
    Response streamed = get("/fixtures/facetable.json?_shape=array&_stream=on");
    CHECK(header(streamed, "content-type") == "application/json; charset=utf-8");
    CHECK(drain(streamed) == page.body);
    Response nl_page = get("/fixtures/facetable.json?_shape=array&_nl=on&_json=tags");
    Response nl = get("/fixtures/facetable.json?_shape=array&_nl=on&_json=tags&_stream=on");
    CHECK(header(nl, "content-type") == "text/plain");
    CHECK(drain(nl) == nl_page.body);

    Response all = get("/fixtures/compound_three_primary_keys.json?_shape=array&_stream=1");
    rapidjson::Document doc;
    doc.Parse(drain(all).c_str());
    REQUIRE(doc.IsArray());
    CHECK(doc.Size() == 1001);
    CHECK(std::string(doc[1000]["content"].GetString()) == "b-m-m");

    Response query = get("/fixtures/-/query.json?sql=select+pk1+||+pk2+||+pk3+as+k+from+compound_three_primary_keys"
                         "&_shape=array&_nl=on&_stream=on");
    auto lines = split(drain(query), "\n");
    REQUIRE(lines.size() == 1001);
    CHECK(lines[0] == "{\"k\": \"aaa\"}");
    CHECK(lines[1000] == "{\"k\": \"bmm\"}");
}

TEST_CASE("exports: any non-empty _stream streams a CSV, as in Datasette; _size=0 streams the header alone") {
    for (const char* value : {"on", "1", "off", "0", "false"}) {
        CAPTURE(value);
        Response r = get(std::string("/fixtures/compound_three_primary_keys.csv?_size=2&_col=pk1&_stream=") + value);
        REQUIRE(r.next_chunk);
        CHECK(split(drain(r), "\r\n").size() == 1 + 1001 + 1);
    }
    Response page = get("/fixtures/compound_three_primary_keys.csv?_size=2&_col=pk1&_stream=");
    CHECK_FALSE(page.next_chunk);
    CHECK(split(page.body, "\r\n").size() == 1 + 2 + 1);
    Response header_only = get("/fixtures/compound_three_primary_keys.csv?_stream=on&_size=0&_col=pk1");
    CHECK(drain(header_only) == "pk1,pk2,pk3\r\n");
}

TEST_CASE("exports: what _stream=on refuses") {
    struct Case {
        std::string target;
        int status;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"/fixtures/facetable.csv?_stream=on&_next=3", 400, "_next not allowed for CSV streaming"},
        {"/fixtures/facetable.json?_shape=array&_stream=on&_next=3", 400, "_next not allowed for streaming"},
        {"/fixtures/facetable.csv?_stream=on&nope=1", 400, "no such column: nope"},
        {"/fixtures/facetable.csv?_stream=on&_where=nope%3D1", 400, "no such column: nope"},
        {"/fixtures/facetable.xml?_stream=on", 404, "Table not found"},  // "facetable.xml" is a name
        {"/fixtures/missing.csv", 404, "Table not found"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        Response r = get(c.target);
        CHECK(r.status == c.status);
        CHECK_FALSE(r.next_chunk);
        CHECK(r.body.find(c.message) != std::string::npos);
    }
    // Datasette reads _stream only for CSV; on other JSON shapes it is ignored (a page).
    for (const char* target : {"/fixtures/facetable.json?_stream=on&_size=2", "/fixtures/facetable.json?_stream=on&_shape=arrays",
                               "/fixtures/-/query.json?sql=select+1&_stream=on&_shape=object", "/fixtures/-/query.json?sql=select+1&_stream=on"}) {
        CAPTURE(target);
        Response page = get(target);
        CHECK(page.status == 200);
        CHECK_FALSE(page.next_chunk);
    }

    auto app = make_app({{"allow_csv_stream", "off"}});
    Response csv = get(*app, "/fixtures/facetable.csv?_stream=on");
    CHECK(csv.status == 400);
    CHECK(csv.body.find("CSV streaming is disabled") != std::string::npos);
    CHECK(get(*app, "/fixtures/facetable.json?_shape=array&_stream=on").status == 400);
    CHECK(get(*app, "/fixtures/facetable.csv").status == 200);
}

TEST_CASE("exports: _labels adds a label column after each expanded one") {
    CHECK(get("/fixtures/facetable.csv?_size=2&_labels=on&_col=_city_id").body ==
          "pk,_city_id,_city_id_label\r\n1,1,San Francisco\r\n2,1,San Francisco\r\n");
    Response streamed = get("/fixtures/facetable.csv?_labels=on&_col=_city_id&_stream=on");
    auto lines = split(drain(streamed), "\r\n");
    REQUIRE(lines.size() == 1 + 15 + 1);
    CHECK(lines[7] == "7,2,Los Angeles");
    CHECK(lines[15] == "15,4,Memnonia");

    // A labelled JSON stream is the labelled page, row for row.
    Response page = get("/fixtures/facetable.json?_shape=array&_labels=on");
    Response json = get("/fixtures/facetable.json?_shape=array&_labels=on&_stream=on");
    CHECK(page.body.find("{\"value\": 1, \"label\": \"San Francisco\"}") != std::string::npos);
    CHECK(drain(json) == page.body);
}

TEST_CASE("exports: max_csv_mb ends a CSV with Datasette's message") {
    auto app = make_app({{"max_csv_mb", "1"}, {"max_returned_rows", "5000"}});
    // 3000 rows of about 1 KB: three times the cap.
    Response r = get(*app, "/fixtures/-/query.csv?sql=with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+from+c+"
                           "where+x+<+3000)+select+x,+hex(zeroblob(500))+as+filler+from+c&_stream=on");
    std::string body = drain(r);
    const std::string message = "CSV contains more than 1048576 bytes";
    REQUIRE(body.size() > message.size());
    CHECK(body.ends_with("\r\n" + message));
    CHECK(body.size() - message.size() <= 1048576);
    CHECK(body.size() - message.size() > 1048576 - 1100);
}

TEST_CASE("exports: a stream's CPU time limit ends it; cancelling stops its SQL at once") {
    SUBCASE("stream_time_limit_ms: CSV ends with the message") {
        // A CSV query stops at max_returned_rows: make that out of reach.
        auto app = make_app({{"stream_time_limit_ms", "200"}, {"max_returned_rows", "1000000000"}});
        Response r = get(*app, kEndless + "&_stream=on");
        std::string body = drain(r);
        CHECK(body.starts_with("x\r\n1\r\n2\r\n"));
        CHECK(body.ends_with("SQL query took too long: the stream used its CPU time limit of 200 ms "
                             "(stream_time_limit_ms, or _timelimit)"));
    }
    SUBCASE("_timelimit lowers it; JSON is cut off: the producer throws") {
        auto app = make_app();
        Response r = get(*app, "/fixtures/-/query.json?sql=with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+"
                               "from+c)+select+x+from+c&_shape=array&_stream=on&_timelimit=100");
        std::string chunk;
        CHECK_THROWS_WITH_AS(
            [&] {
                while (r.next_chunk(chunk)) chunk.clear();
            }(),
            doctest::Contains("SQL query took too long"), std::runtime_error);
    }
    SUBCASE("the request's cancel flag interrupts a chunk that is still running") {
        // count(*) over an endless series never yields a row: only an interrupt ends the chunk.
        Request request = make_request(
            "/fixtures/-/query.csv?sql=with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+from+c)"
            "+select+count(*)+from+c&_stream=on");
        Response r = fixtures_app().handle(request);
        REQUIRE(r.next_chunk);
        auto running = std::async(std::launch::async, [&] {
            std::string chunk;
            return r.next_chunk(chunk);
        });
        CHECK(running.wait_for(200ms) == std::future_status::timeout);
        auto cancelled_at = std::chrono::steady_clock::now();
        request.cancelled->store(true);
        REQUIRE(running.wait_for(2s) == std::future_status::ready);
        CHECK_FALSE(running.get());  // no more chunks: nobody is reading
        CHECK(std::chrono::steady_clock::now() - cancelled_at < 500ms);
        std::string after;
        CHECK_FALSE(r.next_chunk(after));
        CHECK(after.empty());
    }
}

TEST_CASE("exports: a query's :n, $n and @n parameters bind in CSV as on the JSON page") {
    Response csv = get("/fixtures/-/query.csv?sql=select+%3Aa+as+a%2C+%24b+as+b%2C+%40c+as+c&a=1&b=2&c=3");
    CHECK(csv.status == 200);
    CHECK(csv.body == "a,b,c\r\n1,2,3\r\n");
}
