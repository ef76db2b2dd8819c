// In-process tests of the row write API's refusals: permissions (Datasette's 403 messages),
// unknown databases, tables and views (404), immutable files, a table of malformed bodies
// each answered with a 4xx naming the problem, all-or-nothing batches, and concurrent writers.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "support/write_app.h"

using namespace liteserve;
using namespace liteserve::testing;

namespace {

WriteReply post_as(const app::App& app, std::optional<std::string> token, const std::string& target, const std::string& body) {
    return send(app, {"POST", target, body, std::move(token)});
}

void check_refused(const WriteReply& reply, int status, const std::string& errors) {
    CHECK(reply.status == status);
    CHECK(reply.errors() == errors);
}

}  // namespace

TEST_CASE("write permissions: Datasette's messages, each on (database, table)") {
    auto app = write_app();
    std::string insert_only = token_allowing({"insert-row"});
    check_refused(post_as(*app, std::nullopt, "/fixtures/tags/-/insert", R"({"row": {"tag": "x"}})"), 403, R"(["Permission denied"])");
    CHECK(post_as(*app, insert_only, "/fixtures/tags/-/insert", R"({"row": {"tag": "allowed"}})").status == 201);
    check_refused(post_as(*app, insert_only, "/fixtures/tags/-/upsert", R"({"rows": [{"tag": "a"}]})"), 403,
                  R"(["Permission denied: need both insert-row and update-row"])");
    check_refused(post_as(*app, insert_only, "/fixtures/tags/-/insert", R"({"rows": [{"tag": "a"}], "replace": true})"), 403,
                  R"(["Permission denied: need update-row to use \"replace\""])");
    check_refused(post_as(*app, insert_only, "/fixtures/tags/-/insert", R"({"rows": [{"tag": "z", "extra": 1}], "alter": true})"),
                  403, R"(["Permission denied for alter-table"])");
    check_refused(post_as(*app, insert_only, "/fixtures/tags/canine/-/delete", ""), 403, R"(["Permission denied"])");
    check_refused(post_as(*app, insert_only, "/fixtures/tags/canine/-/update", R"({"update": {"tag": "x"}})"), 403,
                  R"(["Permission denied"])");
    check_refused(post_as(*app, token_allowing({"view-instance", "view-table"}), "/fixtures/tags/-/insert", R"({"row": {"tag": "v"}})"),
                  403, R"(["Permission denied"])");
    std::string update_only = token_allowing({"update-row"});
    check_refused(post_as(*app, update_only, "/fixtures/tags/canine/-/update", R"({"update": {"n": 1}, "alter": true})"), 403,
                  R"(["Permission denied for alter-table"])");
    CHECK(post_as(*app, token_allowing({"insert-row", "update-row"}), "/fixtures/tags/-/upsert", R"({"rows": [{"tag": "u"}]})").status ==
          200);
    // Rows denied above were not written.
    CHECK(get(*app, "/fixtures/tags.json").at("rows") == R"([{"tag":"allowed"},{"tag":"canine"},{"tag":"feline"},{"tag":"u"}])");
}

TEST_CASE("write permissions: a root token writes only with --root; 404 comes before 403") {
    WriteAppOptions options;
    options.root = false;
    auto app = write_app(options);
    check_refused(post(*app, "/fixtures/tags/-/insert", R"({"row": {"tag": "x"}})"), 403, R"(["Permission denied"])");
    check_refused(post_as(*app, std::nullopt, "/fixtures/nope/-/insert", "{}"), 404, R"(["Table not found"])");
    check_refused(post_as(*app, std::nullopt, "/fixtures/tags/nope/-/delete", ""), 404, R"(["Record not found: ['nope']"])");
}

TEST_CASE("write targets: unknown databases, tables and views are 404 in the errors shape") {
    WriteAppOptions options;
    options.memory = true;
    auto app = write_app(options);
    check_refused(post(*app, "/nope/tags/-/insert", R"({"row": {}})"), 404, R"(["Database not found"])");
    check_refused(post(*app, "/fixtures/nope/-/upsert", R"({"rows": []})"), 404, R"(["Table not found"])");
    check_refused(post(*app, "/fixtures/simple_view/-/insert", R"({"row": {}})"), 404, R"(["Table not found: simple_view"])");
    check_refused(post(*app, "/nope/tags/x/-/update", R"({"update": {}})"), 404, R"(["Database not found: nope"])");
    check_refused(post(*app, "/fixtures/nope/1/-/delete", ""), 404, R"(["Table not found: nope"])");
    // A write view answers its 404 itself: no redirect to the tilde form (that is for NotFound).
    check_refused(post(*app, "/fixtures/no%20pe/1/-/delete", ""), 404, R"(["Table not found: no pe"])");
    // Datasette's row views take a view for a table and then find no row (its rowid is NULL).
    check_refused(post(*app, "/fixtures/simple_view/1/-/delete", ""), 404, R"(["Record not found: ['1']"])");
    check_refused(post(*app, "/fixtures/simple_view/a,b/-/update", R"({"update": {}})"), 404, R"(["Record not found: ['a', 'b']"])");
    check_refused(post(*app, "/_memory/t/-/insert", R"({"row": {}})"), 404, R"(["Table not found"])");
    CHECK(send(*app, {"GET", "/fixtures/tags/-/insert", std::nullopt, std::nullopt, std::nullopt}).status == 405);
}

TEST_CASE("write targets: immutable databases refuse writes with 403") {
    WriteAppOptions options;
    options.immutable = true;
    auto app = write_app(options);
    check_refused(post(*app, "/fixtures/tags/-/insert", R"({"row": {"tag": "x"}})"), 403, R"(["Database is immutable"])");
    check_refused(post(*app, "/fixtures/tags/canine/-/delete", ""), 403, R"(["Database is immutable"])");
    check_refused(post(*app, "/fixtures/tags/canine/-/update", R"({"update": {}})"), 403, R"(["Database is immutable"])");
}

TEST_CASE("bad input: every malformed request is a 4xx that names the problem") {
    auto app = write_app();
    struct Case {
        std::string target;
        std::string body;
        std::optional<std::string> content_type;
        int status;
        std::string errors;  // compact JSON, or a prefix of the first error ending in '*'
    };
    std::string deep = std::string(200, '[') + std::string(200, ']');
    const std::vector<Case> cases = {
        {"tags/-/insert", R"({"row": {"tag": "x"}})", std::nullopt, 415, R"(["Content-Type must be application/json"])"},
        {"tags/-/insert", R"({"row": {"tag": "x"}})", "text/plain", 415, R"(["Content-Type must be application/json"])"},
        {"tags/-/insert", "{", "application/json", 400, "Invalid JSON: *"},
        {"tags/-/insert", R"({"row": {"tag": nan}})", "application/json", 400, "Invalid JSON: *"},
        {"tags/-/insert", "{\"row\": {\"tag\": \"\xff\"}}", "application/json", 400,
         R"x(["Invalid JSON: the body is not valid UTF-8 (at byte 17)"])x"},
        {"tags/-/insert", deep, "application/json", 400, R"(["Invalid JSON: nested deeper than 64 levels"])"},
        {"tags/-/insert", "[]", "application/json", 400, R"(["JSON must be a dictionary"])"},
        {"tags/-/insert", "", "application/json", 400, R"x(["Invalid JSON: Expecting value: line 1 column 1 (char 0)"])x"},
        {"tags/-/upsert", "", "application/json", 400, R"x(["Invalid JSON: Expecting value: line 1 column 1 (char 0)"])x"},
        {"tags/canine/-/update", "", "application/json", 400, R"x(["Invalid JSON: Expecting value: line 1 column 1 (char 0)"])x"},
        {"tags/-/insert", R"({"row": {}})", "application/json", 400, R"(["Row 0 has no columns"])"},
        {"tags/-/insert", R"({"rows": [{"tag": "a"}, {}]})", "application/json", 400, R"(["Row 1 has no columns"])"},
        {"tags/-/insert", R"({"rows": 5})", "application/json", 400, R"(["\"rows\" must be a list"])"},
        {"tags/-/insert", R"({"rows": [{"tag": "a"}, 7]})", "application/json", 400, R"(["\"rows\" must be a list of dictionaries"])"},
        {"tags/-/insert", R"({"row": {"tag": "a"}, "bogus": 1})", "application/json", 400, R"(["Invalid parameter: \"bogus\""])"},
        {"tags/-/insert", R"({"rows": [{"tag": "a", "x": 1}, {"y": 2}]})", "application/json", 400,
         R"(["Row 0 has invalid columns: x","Row 1 has invalid columns: y"])"},
        {"tags/-/insert", R"({"row": {"tag": 18446744073709551615}})", "application/json", 400,
         R"(["Python int too large to convert to SQLite INTEGER"])"},
        {"simple_primary_key/-/insert", R"({"row": {"id": {"nested": [1]}}})", "application/json", 400, R"(["datatype mismatch"])"},
        {"simple_primary_key/-/insert", R"({"row": {"id": 1}})", "application/json", 400,
         R"(["UNIQUE constraint failed: simple_primary_key.id"])"},
        {"simple_primary_key/-/insert", R"({"row": {"": 1}, "alter": true})", "application/json", 400, R"(["Invalid column name: \"\""])"},
        {"simple_primary_key/1/-/update", "null", "application/json", 400, R"(["JSON must be a dictionary"])"},
        {"simple_primary_key/1/-/update", R"({"update": [1]})", "application/json", 400, R"(["JSON must contain an update dictionary"])"},
        {"simple_primary_key/1/-/update", R"({"update": {"id": [1]}})", "application/json", 400, R"(["datatype mismatch"])"},
        {"simple_primary_key/1/-/update", R"({"update": {"id": 2}})", "application/json", 400,
         R"(["UNIQUE constraint failed: simple_primary_key.id"])"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        CAPTURE(c.body.substr(0, 80));
        auto reply = send(*app, {"POST", "/fixtures/" + c.target, c.body, root_token(), c.content_type});
        CHECK(reply.status == c.status);
        if (c.errors.back() == '*') CHECK(reply.at("errors/0").rfind("\"" + c.errors.substr(0, c.errors.size() - 1), 0) == 0);
        else CHECK(reply.errors() == c.errors);
    }
    CHECK(get(*app, "/fixtures/simple_primary_key.json?_extra=count").at("count") == "5");
    CHECK(get(*app, "/fixtures/tags.json").at("rows") == R"([{"tag":"canine"},{"tag":"feline"}])");
}

TEST_CASE("all or nothing: a failing row undoes its whole request") {
    auto app = write_app();
    auto definition = [&] { return get(*app, "/fixtures/simple_primary_key.json?_extra=table_definition").at("table_definition"); };
    std::string before = definition();
    check_refused(post(*app, "/fixtures/simple_primary_key/-/insert",
                       R"({"rows": [{"id": 10, "content": "a"}, {"id": 11, "content": "b"}, {"id": 1, "content": "dup"}]})"),
                  400, R"(["UNIQUE constraint failed: simple_primary_key.id"])");
    // "alter" added a column before the failing row: that goes too.
    check_refused(post(*app, "/fixtures/simple_primary_key/-/insert",
                       R"({"rows": [{"id": 12, "extra": 1}, {"id": 1}], "alter": true})"),
                  400, R"(["UNIQUE constraint failed: simple_primary_key.id"])");
    CHECK(post(*app, "/fixtures/simple_primary_key/-/upsert", R"({"rows": [{"id": 2, "content": "x"}, {"id": "abc"}]})").status == 400);
    CHECK(post(*app, "/fixtures/simple_primary_key/-/insert",
               R"({"rows": [{"id": 3, "content": "r"}, {"id": "abc"}], "replace": true})").status == 400);
    CHECK(definition() == before);
    CHECK(get(*app, "/fixtures/simple_primary_key.json").at("rows") ==
          R"([{"id":1,"content":"hello"},{"id":2,"content":"world"},{"id":3,"content":""},)"
          R"({"id":4,"content":"RENDER_CELL_DEMO"},{"id":5,"content":"RENDER_CELL_ASYNC"}])");
}

TEST_CASE("concurrent writers: every acknowledged row is there once, every refused request left nothing") {
    auto app = write_app();
    constexpr int kThreads = 6, kRequests = 15;
    std::atomic<int> created{0}, refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kRequests; ++i) {
                std::string tag = "t" + std::to_string(t) + "-" + std::to_string(i);
                // Every third request repeats an existing tag: it shares a transaction with
                // others (group commit) and must be undone alone.
                std::string second = i % 3 == 2 ? "canine" : tag + "b";
                auto reply = post(*app, "/fixtures/tags/-/insert", R"({"rows": [{"tag": ")" + tag + R"("}, {"tag": ")" + second + R"("}]})");
                if (reply.status == 201) ++created;
                if (reply.status == 400 && reply.errors() == R"(["UNIQUE constraint failed: tags.tag"])") ++refused;
            }
        });
    for (auto& thread : threads) thread.join();
    CHECK(created == kThreads * kRequests * 2 / 3);
    CHECK(refused == kThreads * kRequests / 3);
    CHECK(get(*app, "/fixtures/tags.json?_size=0&_extra=count").at("count") == std::to_string(2 + 2 * created));
    CHECK(get(*app, "/fixtures/tags.json?tag=t0-2").at("rows") == "[]");
}
