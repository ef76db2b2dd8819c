// CORS: the policy parsed from --cors / cors_origins (tables), and the headers an App adds to
// every answer, preflights (OPTIONS) on read and write routes included.
#include "api/cors.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/app.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;
using liteserve::testing::header_of;
using liteserve::testing::make_request;

namespace {

std::unique_ptr<app::App> cors_app(bool cors, const std::string& origins = "") {
    app::AppOptions options;
    std::string path = liteserve::testing::temp_dir() + "/fixtures.db";
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), path);
    options.files.push_back({path, false});
    options.cors = cors;
    if (!origins.empty()) config::apply_setting(options.settings, "cors_origins", origins);
    return std::make_unique<app::App>(std::move(options));
}

Response handle(const app::App& app, const std::string& method, const std::string& target,
                liteserve::testing::Headers headers = {}) {
    Request r = make_request(method, target, std::move(headers));
    return app.handle(r);
}

const std::vector<std::string> kCorsHeaders = {"access-control-allow-origin", "access-control-allow-headers",
                                               "access-control-expose-headers", "access-control-allow-methods",
                                               "access-control-max-age"};

// Datasette's five headers, as "name: value" lines.
std::string cors_headers(const Response& r) {
    std::string out;
    for (const auto& name : kCorsHeaders) out += name + ": " + header_of(r, name) + "\n";
    return out;
}

const std::string kDatasetteHeaders =
    "access-control-allow-origin: *\n"
    "access-control-allow-headers: Authorization, Content-Type\n"
    "access-control-expose-headers: Link\n"
    "access-control-allow-methods: GET, POST, HEAD, OPTIONS\n"
    "access-control-max-age: 3600\n";

}  // namespace

TEST_CASE("cors_policy: parsing cors_origins") {
    struct Case {
        bool flag;
        std::string origins;
        bool enabled;
        std::vector<std::string> list;
    };
    const std::vector<Case> cases = {
        {false, "", false, {}},
        {true, "", true, {}},
        {false, "https://a.example", true, {"https://a.example"}},
        {false, " https://a.example , http://localhost:3000/ ", true, {"https://a.example", "http://localhost:3000"}},
        {true, "https://a.example,*", true, {}},  // "*" is any origin
        {false, ",,", false, {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.origins);
        auto policy = api::cors_policy(c.flag, c.origins);
        CHECK(policy.enabled == c.enabled);
        CHECK(policy.origins == c.list);
    }
}

TEST_CASE("cors_policy: entries that are not origins") {
    for (const char* bad : {"example.com", "https://a.example/path", "https://", "://x", "https://a.example?x=1",
                            "https://user@a.example", "ht tp://a"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(api::cors_policy(false, bad), std::invalid_argument);
    }
}

TEST_CASE("origin_allowed compares case-insensitively and exactly") {
    std::vector<std::string> allowed = {"https://a.example", "http://localhost:3000"};
    CHECK(api::origin_allowed(allowed, "https://a.example"));
    CHECK(api::origin_allowed(allowed, "HTTPS://A.Example"));
    CHECK(api::origin_allowed(allowed, "http://localhost:3000"));
    CHECK_FALSE(api::origin_allowed(allowed, "http://localhost:3001"));
    CHECK_FALSE(api::origin_allowed(allowed, "https://a.example.evil"));
    CHECK_FALSE(api::origin_allowed(allowed, "null"));
}

TEST_CASE("--cors: Datasette's headers on every answer, errors included") {
    auto app = cors_app(true);
    for (const char* target : {"/.json", "/-/versions.json", "/fixtures/facetable.json?_size=1", "/fixtures/nope.json",
                               "/nope", "/-/actor.json"}) {
        CAPTURE(target);
        CHECK(cors_headers(handle(*app, "GET", target)) == kDatasetteHeaders);
    }
    CHECK(handle(*app, "GET", "/fixtures/nope.json").status == 404);
    CHECK(header_of(handle(*app, "GET", "/.json"), "vary") == "(absent)");
}

TEST_CASE("--cors: OPTIONS preflights on read and write routes") {
    auto app = cors_app(true);
    liteserve::testing::Headers preflight = {{"origin", "https://example.com"},
                                             {"access-control-request-method", "POST"},
                                             {"access-control-request-headers", "authorization, content-type"}};
    for (const char* target : {"/fixtures/facetable/-/insert", "/fixtures/-/create", "/fixtures/-/query", "/",
                               "/fixtures/facetable/1/-/delete"}) {
        CAPTURE(target);
        Response r = handle(*app, "OPTIONS", target, preflight);
        CHECK(r.status == 200);
        CHECK(r.body == "ok");
        CHECK(header_of(r, "content-type") == "text/plain; charset=utf-8");
        CHECK(cors_headers(r) == kDatasetteHeaders);
    }
    // Datasette's table view is a plain function that answers every method but POST as GET,
    // so a preflight at a table gets the page (with its Link header), or its error.
    Response table = handle(*app, "OPTIONS", "/fixtures/facetable.json?_size=1", preflight);
    CHECK(table.status == 200);
    CHECK(header_of(table, "content-type") == "application/json; charset=utf-8");
    CHECK(table.body.find("\"rows\": [{\"pk\": 1,") != std::string::npos);
    CHECK(header_of(table, "link").find("_next=1") != std::string::npos);
    CHECK(cors_headers(table) == kDatasetteHeaders);
    Response no_table = handle(*app, "OPTIONS", "/fixtures/nope.json", preflight);
    CHECK(no_table.status == 404);
    CHECK(cors_headers(no_table) == kDatasetteHeaders);
    // A path no route serves is a 404, still with the headers.
    Response missing = handle(*app, "OPTIONS", "/a/b/c/d/e", preflight);
    CHECK(missing.status == 404);
    CHECK(cors_headers(missing) == kDatasetteHeaders);
}

TEST_CASE("without --cors: no CORS headers; OPTIONS still answers ok") {
    auto app = cors_app(false);
    Response get = handle(*app, "GET", "/fixtures/facetable.json?_size=1");
    for (const auto& name : kCorsHeaders) CHECK(header_of(get, name) == "(absent)");
    Response options = handle(*app, "OPTIONS", "/fixtures/facetable/-/insert");
    CHECK(options.status == 200);
    CHECK(options.body == "ok");
    CHECK(header_of(options, "access-control-allow-origin") == "(absent)");
}

TEST_CASE("cors_origins: listed origins are echoed with Vary: Origin, others get nothing") {
    auto app = cors_app(false, "https://app.example, http://localhost:3000");
    Response listed = handle(*app, "GET", "/fixtures.json", {{"origin", "http://localhost:3000"}});
    CHECK(header_of(listed, "access-control-allow-origin") == "http://localhost:3000");
    CHECK(header_of(listed, "access-control-allow-methods") == "GET, POST, HEAD, OPTIONS");
    CHECK(header_of(listed, "vary") == "Origin");

    Response other = handle(*app, "GET", "/fixtures.json", {{"origin", "https://evil.example"}});
    for (const auto& name : kCorsHeaders) CHECK(header_of(other, name) == "(absent)");
    CHECK(header_of(other, "vary") == "Origin");

    Response none = handle(*app, "GET", "/fixtures.json");
    CHECK(header_of(none, "access-control-allow-origin") == "(absent)");
    CHECK(header_of(none, "vary") == "Origin");

    Response preflight = handle(*app, "OPTIONS", "/fixtures/facetable/-/insert", {{"origin", "https://app.example"}});
    CHECK(preflight.status == 200);
    CHECK(header_of(preflight, "access-control-allow-origin") == "https://app.example");
}

TEST_CASE("cors_origins: a bad entry stops the App from starting") {
    CHECK_THROWS_AS(cors_app(false, "app.example"), std::runtime_error);
}
