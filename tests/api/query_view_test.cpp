// The query page through App::handle, as Datasette 1.0a33's QueryView answers: no ?sql= is a
// rowless page, parameters bind as Python's sqlite3 binds a dict, ?_json= is a list of names,
// the query scope's ?_extra= blocks, and the legacy /db?sql= redirect.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "db/sql_guard.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;
using liteserve::testing::header_of;

namespace {

const char* kMetadata = R"json({"databases": {"fixtures": {"description": "Test tables description"}}})json";
const char* kConfig = R"json({"databases": {"fixtures": {"queries": {
    "by_state": {"sql": "select pk from facetable where state = :state order by pk limit 2"},
    "add_tag": {"sql": "insert into tags (tag) values (:tag)", "write": true}}}}})json";

const app::App& query_app() {
    static const std::unique_ptr<app::App> app = [] {
        std::string dir = liteserve::testing::temp_dir();
        app::AppOptions options;
        options.files.push_back({dir + "/fixtures.db", false});
        std::filesystem::copy_file(liteserve::testing::fixtures_db(), options.files.back().path);
        options.metadata_path = dir + "/metadata.json";
        std::ofstream(options.metadata_path) << kMetadata;
        options.config_path = dir + "/config.json";
        std::ofstream(options.config_path) << kConfig;
        return std::make_unique<app::App>(std::move(options));
    }();
    return *app;
}

Response get(const std::string& target) {
    Request r = liteserve::testing::make_request("GET", target);
    return query_app().handle(r);
}

struct Case {
    std::string target;
    int status;
    std::string body;
};

void check_cases(const std::vector<Case>& cases) {
    for (const auto& c : cases) {
        CAPTURE(c.target);
        Response r = get(c.target);
        CHECK(r.status == c.status);
        CHECK(r.body == c.body);
    }
}

const std::string kRowless = R"({"ok": true, "rows": [], "truncated": false})";

}  // namespace

TEST_CASE("query view: without ?sql= nothing runs, and the page is still a page") {
    check_cases({
        {"/fixtures/-/query.json", 200, kRowless},
        {"/fixtures/-/query.json?sql=", 200, kRowless},
        {"/fixtures/-/query?sql=", 200, kRowless},
        {"/fixtures/-/query.json?_shape=array", 200, "[]"},
        {"/fixtures/-/query.json?_shape=arrays", 200, kRowless},
        {"/fixtures/-/query.json?_shape=nope", 400,
         R"({"ok": false, "error": "Invalid _shape: nope", "status": 400, "title": null})"},
        {"/fixtures/-/query.json?_extra=query", 200,
         R"({"ok": true, "rows": [], "query": {"sql": null, "params": {"_extra": "query"}}, "truncated": false})"},
        {"/fixtures/-/query.json?sql=&_extra=query", 200,
         R"({"ok": true, "rows": [], "query": {"sql": "", "params": {"_extra": "query"}}, "truncated": false})"},
        // A blank statement is not blank to Datasette: it runs, and is not a SELECT.
        {"/fixtures/-/query.json?sql=%20%20", 400,
         R"({"ok": false, "error": "Statement must be a SELECT", "status": 400, "title": "Invalid SQL"})"},
        {"/fixtures/-/query.csv", 400, R"({"ok": false, "error": "?sql= is required", "status": 400, "title": null})"},
        {"/fixtures/-/query.blob", 400,
         R"({"ok": false, "error": "?_blob_column= is required", "status": 400, "title": null})"},
        {"/fixtures/-/query.blob?_blob_column=data", 400,
         R"({"ok": false, "error": "data is not a valid column", "status": 400, "title": null})"},
    });
    CHECK(header_of(get("/fixtures/-/query.json"), "content-type") == "application/json; charset=utf-8");
}

TEST_CASE("query view: Datasette's text check of ?sql= (validate_sql_select) comes first") {
    const std::string not_select =
        R"({"ok": false, "error": "Statement must be a SELECT", "status": 400, "title": "Invalid SQL"})";
    const std::string pragma = R"({"ok": false, "error": ")" + db::disallowed_pragma_message() +
                               R"(", "status": 400, "title": "Invalid SQL"})";
    auto rows = [](const std::string& json) { return R"({"ok": true, "rows": )" + json + R"(, "truncated": false})"; };
    check_cases({
        // Only select, with, explain [query plan] select|with, after "--" lines, any case.
        {"/fixtures/-/query.json?sql=values+(1)", 400, not_select},
        {"/fixtures/-/query.json?sql=explain+query+plan+values(1)", 400, not_select},
        {"/fixtures/-/query.json?sql=%2F*+c+*%2F+select+1+as+x", 400, not_select},
        {"/fixtures/-/query.json?sql=%3B+select+1+as+x", 400, not_select},
        {"/fixtures/-/query.json?sql=selectx+1", 400, not_select},
        {"/fixtures/-/query.json?sql=explainselect+1", 400, not_select},
        {"/fixtures/-/query.json?sql=+%0A+SeLeCt+1+as+x", 200, rows(R"([{"x": 1}])")},
        {"/fixtures/-/query.json?sql=++--+a%0A--+b%0Aselect+2+as+y", 200, rows(R"([{"y": 2}])")},
        {"/fixtures/-/query.json?sql=select(3)+as+z", 200, rows(R"([{"z": 3}])")},
        {"/fixtures/-/query.json?sql=with+t(x)+as+(select+1)+select+x+from+t", 200, rows(R"([{"x": 1}])")},
        {"/fixtures/-/query.json?sql=explain+%0A+query++plan+select+1&_shape=arrays", 200,
         rows(R"([[1, 0, 0, "SCAN CONSTANT ROW"]])")},
        // "pragma" anywhere but before an allowed function's name is refused, even in a string.
        {"/fixtures/-/query.json?sql=select+%27pragma%27+as+x", 400, pragma},
        {"/fixtures/-/query.json?sql=select+name+from+pragma_table_info(%27tags%27)", 200, rows(R"([{"name": "tag"}])")},
        // Python's sqlite3 takes one statement and its ";"; a second ";" is a second statement.
        {"/fixtures/-/query.json?sql=select+1+as+x%3B", 200, rows(R"([{"x": 1}])")},
        {"/fixtures/-/query.json?sql=select+1+as+x%3B+--+done", 200, rows(R"([{"x": 1}])")},
        {"/fixtures/-/query.json?sql=select+1+as+x%3B%3B", 400,
         R"({"ok": false, "rows": [], "error": "You can only execute one statement at a time.", "truncated": false})"},
    });
}

TEST_CASE("query view: parameters bind as Python's sqlite3 binds a dictionary") {
    const std::string missing_x =
        R"({"ok": false, "rows": [], "error": "You did not supply a value for binding parameter :_x.", )"
        R"("truncated": false})";
    check_cases({
        {"/fixtures/-/query.json?sql=select+%3An+as+n&n=1", 200, R"({"ok": true, "rows": [{"n": "1"}], "truncated": false})"},
        // Missing ":names" are '' unless they start with "_".
        {"/fixtures/-/query.json?sql=select+%3An+as+n", 200, R"({"ok": true, "rows": [{"n": ""}], "truncated": false})"},
        {"/fixtures/-/query.json?sql=select+%3A_x+as+x", 400, missing_x},
        {"/fixtures/-/query.json?sql=select+%3A_x+as+x&_x=7", 200,
         R"({"ok": true, "rows": [{"x": "7"}], "truncated": false})"},
        // Every argument can be bound, "_" ones included; sql itself is not one of them.
        {"/fixtures/-/query.json?sql=select+%3A_shape+as+s&_shape=arrays", 200,
         R"({"ok": true, "rows": [["arrays"]], "truncated": false})"},
        {"/fixtures/-/query.json?sql=select+%3Asql+as+s", 200, R"({"ok": true, "rows": [{"s": ""}], "truncated": false})"},
        // "$n", "@n" and "?1" are looked up by their name too, but never default to ''.
        {"/fixtures/-/query.json?sql=select+%24n+as+a%2C+%40n+as+b&n=1", 200,
         R"({"ok": true, "rows": [{"a": "1", "b": "1"}], "truncated": false})"},
        {"/fixtures/-/query.json?sql=select+%3F1+as+v&1=one", 200,
         R"({"ok": true, "rows": [{"v": "one"}], "truncated": false})"},
        {"/fixtures/-/query.json?sql=select+%24n+as+v", 400,
         R"({"ok": false, "rows": [], "error": "You did not supply a value for binding parameter :n.", )"
         R"("truncated": false})"},
        {"/fixtures/-/query.json?sql=select+%3F", 400,
         R"({"ok": false, "rows": [], "error": "Binding 1 has no name, but you supplied a dictionary )"
         R"((which has only names).", "truncated": false})"},
        // The error is reported whatever the shape asked for.
        {"/fixtures/-/query.json?sql=select+%3A_x+as+x&_shape=array", 400, missing_x},
        {"/fixtures/-/query.json?sql=select+%3A_x+as+x&_shape=nope", 400, missing_x},
    });
}

TEST_CASE("query view: _shape=array&_nl=on is newline-delimited text/plain, on stored queries too") {
    Response nl = get("/fixtures/-/query.json?sql=select+1+as+a+union+all+select+2&_shape=array&_nl=on");
    CHECK(nl.status == 200);
    CHECK(header_of(nl, "content-type") == "text/plain");
    CHECK(nl.body == "{\"a\": 1}\n{\"a\": 2}");
    CHECK(header_of(get("/fixtures/-/query.json?sql=select+1&_shape=array"), "content-type") ==
          "application/json; charset=utf-8");
}

TEST_CASE("query view: a BLOB that is UTF-8 is a string, as Datasette's JSON encoder decodes it") {
    check_cases({
        {"/fixtures/-/query.json?sql=select+x%2768656c6c6f%27+as+b", 200,
         R"({"ok": true, "rows": [{"b": "hello"}], "truncated": false})"},
        {"/fixtures/-/query.json?sql=select+x%27c3a9%27+as+b", 200, R"({"ok": true, "rows": [{"b": "\u00e9"}], "truncated": false})"},
        {"/fixtures/-/query.json?sql=select+x%27%27+as+b", 200, R"({"ok": true, "rows": [{"b": ""}], "truncated": false})"},
        {"/fixtures/-/query.json?sql=select+x%27ff68%27+as+b", 200,
         R"({"ok": true, "rows": [{"b": {"$base64": true, "encoded": "/2g="}}], "truncated": false})"},
        // A surrogate's UTF-8 form is refused by Python's strict decoder too.
        {"/fixtures/-/query.json?sql=select+x%27eda080%27+as+b", 200,
         R"({"ok": true, "rows": [{"b": {"$base64": true, "encoded": "7aCA"}}], "truncated": false})"},
    });
}

TEST_CASE("query view: shapes and _json") {
    check_cases({
        // Datasette's renderer refuses _shape=object on a query in the body, status 200.
        {"/fixtures/-/query.json?sql=select+1+as+one&_shape=object", 200,
         R"({"ok": false, "error": "_shape=object is only available on tables"})"},
        // ?_json= is a list of column names (getlist), not a comma-separated one.
        {"/fixtures/-/query.json?sql=select+%27%5B1%5D%27+as+j%2C+%27%5B2%5D%27+as+k&_json=j,k", 200,
         R"({"ok": true, "rows": [{"j": "[1]", "k": "[2]"}], "truncated": false})"},
        {"/fixtures/-/query.json?sql=select+%27%5B1%5D%27+as+j%2C+%27%5B2%5D%27+as+k&_json=j&_json=k", 200,
         R"({"ok": true, "rows": [{"j": [1], "k": [2]}], "truncated": false})"},
    });
}

TEST_CASE("query view: the query scope's ?_extra= blocks") {
    const std::string one = "/fixtures/-/query.json?sql=select+1+as+one";
    check_cases({
        {one + "&_extra=query,database,private", 200,
         R"({"ok": true, "rows": [{"one": 1}], "query": {"sql": "select 1 as one", "params": {}}, )"
         R"("database": "fixtures", "private": false, "truncated": false})"},
        {one + "&_extra=metadata", 200,
         R"({"ok": true, "rows": [{"one": 1}], "metadata": {"description":"Test tables description"}, )"
         R"("truncated": false})"},
        // columns sits right after rows, where Datasette's page dictionary has it.
        {one + "&_extra=database_color&_extra=columns", 200,
         R"({"ok": true, "rows": [{"one": 1}], "columns": ["one"], "database_color": "9403e5", "truncated": false})"},
        {one + "&_extra=render_cell,debug", 200,
         R"({"ok": true, "rows": [{"one": 1}], "render_cell": [{}], )"
         R"("debug": {"url_vars": {"database": "fixtures", "format": "json"}}, "truncated": false})"},
        // Table-only extras and unknown names are ignored; each extra is written once.
        {one + "&_extra=count,nope,database&_extra=database", 200,
         R"({"ok": true, "rows": [{"one": 1}], "database": "fixtures", "truncated": false})"},
        // "params" holds the dictionary's entries the SQL names with ":".
        {"/fixtures/-/query.json?sql=select+%3An+as+n%2C+%3Am+as+m&n=1&_extra=query", 200,
         R"({"ok": true, "rows": [{"n": "1", "m": ""}], "query": {"sql": "select :n as n, :m as m", )"
         R"("params": {"n": "1", "m": ""}}, "truncated": false})"},
        // Extras are part of an error page too.
        {"/fixtures/-/query.json?sql=select+%3A_x&_extra=database,columns", 400,
         R"({"ok": false, "rows": [], "columns": [], "database": "fixtures", )"
         R"("error": "You did not supply a value for binding parameter :_x.", "truncated": false})"},
    });
    check_cases({{one + "&_extra=request", 200,
                  R"({"ok": true, "rows": [{"one": 1}], "request": {"url": "http://localhost)" + one +
                      R"(&_extra=request", "path": "/fixtures/-/query.json", "full_path": ")" + one +
                      R"(&_extra=request", "host": "localhost", "args": {"sql": ["select 1 as one"], )"
                      R"("_extra": ["request"]}}, "truncated": false})"}});
}

TEST_CASE("query view: ?_extra=extras lists the query scope") {
    Response r = get("/fixtures/-/query.json?sql=select+1&_extra=extras");
    REQUIRE(r.status == 200);
    for (const char* name : {"columns", "render_cell", "debug", "request", "query", "metadata", "extras", "database",
                             "database_color", "private"}) {
        CAPTURE(name);
        CHECK(r.body.find(std::string(R"({"name": ")") + name + "\"") != std::string::npos);
    }
    CHECK(r.body.find(R"("name": "count")") == std::string::npos);
    CHECK(r.body.find(R"("toggle_url": "http://localhost/fixtures/-/query.json?sql=select+1&_extra=extras&_extra=database", )"
                      R"("selected": false)") != std::string::npos);
    CHECK(r.body.find(R"("toggle_url": "http://localhost/fixtures/-/query.json?sql=select+1", "selected": true)") !=
          std::string::npos);
}

TEST_CASE("query view: a stored query has the same extras") {
    check_cases({
        {"/fixtures/by_state.json?state=MI&_extra=query,debug,private", 200,
         R"({"ok": true, "rows": [{"pk": 11}, {"pk": 12}], "query": {"sql": )"
         R"("select pk from facetable where state = :state order by pk limit 2", )"
         R"("params": {"state": "MI"}}, "debug": {"url_vars": {"database": "fixtures", "table": "by_state", )"
         R"("format": "json"}}, "private": false, "truncated": false})"},
        // A writable query is not run by GET, but its page takes extras and shapes.
        {"/fixtures/add_tag.json?_extra=database", 200,
         R"({"ok": true, "rows": [], "database": "fixtures", "truncated": false})"},
        {"/fixtures/add_tag.json?_shape=array", 200, "[]"},
    });
}

TEST_CASE("query view: /db?sql= redirects to the query page in the same format") {
    struct Redirect {
        std::string target;
        std::string location;
    };
    const std::vector<Redirect> cases = {
        {"/fixtures.json?sql=select+1", "/fixtures/-/query.json?sql=select+1"},
        {"/fixtures.csv?sql=select+1", "/fixtures/-/query.csv?sql=select+1"},
        {"/fixtures?sql=select+1&_shape=array", "/fixtures/-/query?sql=select+1&_shape=array"},
        {"/fixtures.json?sql=%20select%201%20", "/fixtures/-/query.json?sql=%20select%201%20"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        Response r = get(c.target);
        CHECK(r.status == 302);
        CHECK(header_of(r, "location") == c.location);
    }
    // A blank sql= (after stripping) is no query: the database page is served.
    for (const char* target : {"/fixtures.json?sql=", "/fixtures.json?sql=%20%20", "/fixtures.json?sql=%0A%09"}) {
        CAPTURE(target);
        Response r = get(target);
        CHECK(r.status == 200);
        CHECK(r.body.find(R"("database": "fixtures")") != std::string::npos);
    }
    // The database must exist before anything is redirected.
    CHECK(get("/nope.json?sql=select+1").status == 404);
}
