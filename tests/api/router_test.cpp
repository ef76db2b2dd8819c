// The router on its own: parameter decoding ({x} vs {x~}), format extensions, literal
// segments winning over parameters, HEAD served by GET routes, 404 and 405 with Allow.
#include "api/router.h"

#include <doctest/doctest.h>

#include "support/requests.h"

using namespace liteserve;

namespace {

// A router whose handlers echo the route and the parameters they received.
api::Router echo_router() {
    api::Router router;
    auto echo = [](const char* route) {
        return [route](Request& r) {
            std::string body = route;
            for (const auto& [k, v] : r.params) body += " " + k + "=" + v;
            return Response::text(body);
        };
    };
    router.add({"GET", "/{db}/{table}", echo("table")});
    router.add({"GET", "/{db}/{table}/{pks~}", echo("row")});
    router.add({"POST", "/{db}/{table}/-/insert", echo("insert")});
    router.add({"GET", "/-/settings", echo("settings")});
    router.add({"POST", "/{db}/{table}", echo("canned-write")});
    return router;
}

Response call(const api::Router& router, const char* method, const char* target) {
    Request r = testing::make_request(method, target);
    return router.handle(r);
}

}  // namespace

TEST_CASE("router: decoding, formats and route choice") {
    api::Router router = echo_router();
    struct Case {
        const char* method;
        const char* target;
        int status;
        const char* body;
    };
    const Case cases[] = {
        {"GET", "/fixtures/facetable.json", 200, "table db=fixtures db~=fixtures format=json table=facetable table~=facetable"},
        {"GET", "/fixtures/table~2Fwith~2Fslashes~2Ecsv.json", 200,
         "table db=fixtures db~=fixtures format=json table=table/with/slashes.csv table~=table~2Fwith~2Fslashes~2Ecsv"},
        {"GET", "/fix%74ures/Table+With", 200, "table db=fixtures db~=fixtures format= table=Table With table~=Table+With"},
        {"GET", "/db/t/a~2Cb,c~2Fd.json", 200, "row db=db db~=db format=json pks=a~2Cb,c~2Fd table=t table~=t"},
        {"HEAD", "/db/t.json", 200, "table db=db db~=db format=json table=t table~=t"},
        {"GET", "/-/settings.json", 200, "settings format=json"},
        {"POST", "/db/t/-/insert", 200, "insert db=db db~=db format= table=t table~=t"},
        {"GET", "/a/b/c/d/e", 404, nullptr},
        {"GET", "/fixtures/", 302, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        Response r = call(router, c.method, c.target);
        CHECK(r.status == c.status);
        if (c.body) CHECK(r.body == c.body);
    }
}

TEST_CASE("router: a known path with another method is 405 with Allow") {
    api::Router router = echo_router();
    Response r = call(router, "POST", "/-/settings.json");
    CHECK(r.status == 405);
    CHECK(testing::header_of(r, "allow") == "GET, HEAD");
    Response put = call(router, "PUT", "/db/t/-/insert");
    CHECK(put.status == 405);
    CHECK(testing::header_of(put, "allow") == "POST");
}

TEST_CASE("router: bad percent-encoding in a path is a 400") {
    api::Router router = echo_router();
    CHECK(call(router, "GET", "/db/%zz.json").status == 400);
}

TEST_CASE("router: a path with trailing slashes redirects to the path without them") {
    api::Router router = echo_router();
    Response table = call(router, "GET", "/fixtures/facetable.json/?_size=1");
    CHECK(table.status == 302);
    CHECK(*table.find_header("location") == "/fixtures/facetable.json?_size=1");
    CHECK(*table.find_header("content-type") == "text/html; charset=utf-8");  // Datasette's asgi_send_redirect
    // Percent-escapes are handled first: the tilde form keeps the slash.
    CHECK(*call(router, "GET", "/a%20b/c/d/e/").find_header("location") == "/a~20b/c/d/e/");
    Response db = call(router, "GET", "/fixtures//");
    CHECK(db.status == 302);
    CHECK(*db.find_header("location") == "/fixtures");
    CHECK(call(router, "GET", "/a/b/c/d/e/").status == 302);  // then 404 at its target
}
