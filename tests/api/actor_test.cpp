// In-process tests for /-/actor.json (src/api/actor.cpp and actor_view): the actor of a
// "Authorization: Bearer dstok_…" request, in the shapes of Datasette 1.0a33's recorded
// answers (introspection.actor-* in the conformance corpus), and the settings that govern it.
#include "api/actor.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "app/app.h"
#include "auth/tokens.h"

using namespace liteserve;

namespace {

std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

app::App make_app(std::string secret, const std::vector<std::pair<std::string, std::string>>& settings = {}) {
    app::AppOptions options;  // no files: just the _memory database
    options.secret = std::move(secret);
    for (const auto& [name, value] : settings) config::apply_setting(options.settings, name, value);
    return app::App(std::move(options));
}

std::string actor_json(const app::App& app, std::optional<std::string> authorization) {
    Request r;
    r.method = "GET";
    r.target = r.path = "/-/actor.json";
    r.headers = {{"host", "localhost"}};
    if (authorization) r.headers.emplace_back("authorization", *authorization);
    Response response = app.handle(r);
    CHECK(response.status == 200);
    return response.body;
}

std::string bearer(const auth::TokenPayload& payload, std::string_view secret) {
    return "Bearer " + auth::create_token(payload, secret);
}

}  // namespace

TEST_CASE("/-/actor.json without a token is anonymous") {
    auto app = make_app("s3cret");
    CHECK(actor_json(app, std::nullopt) == R"({"actor": null})");
    CHECK(actor_json(app, "Bearer not-a-token") == R"({"actor": null})");
}

TEST_CASE("/-/actor.json shows a token's actor as Datasette does") {
    auto app = make_app("s3cret");
    CHECK(actor_json(app, bearer({"root", now(), std::nullopt, std::nullopt}, "s3cret")) ==
          R"({"actor": {"id": "root", "token": "dstok"}})");
    auth::Restrictions all;  // introspection.actor-restricted-all
    all.allow_all("vi");
    all.allow_all("vt");
    CHECK(actor_json(app, bearer({"root", now(), std::nullopt, all}, "s3cret")) ==
          R"({"actor": {"id": "root", "token": "dstok", "_r": {"a": ["vi", "vt"]}}})");
    auth::Restrictions database;  // introspection.actor-restricted-database
    database.allow_database("rw", "ir");
    database.allow_database("rw", "ct");
    database.allow_resource("rw", "tags", "ur");
    CHECK(actor_json(app, bearer({"root", now(), std::nullopt, database}, "s3cret")) ==
          R"({"actor": {"id": "root", "token": "dstok", "_r": {"d": {"rw": ["ir", "ct"]}, "r": {"rw": {"tags": ["ur"]}}}}})");
    std::int64_t t = now();
    CHECK(actor_json(app, bearer({"bob", t, 600, std::nullopt}, "s3cret")) ==
          R"({"actor": {"id": "bob", "token": "dstok", "token_expires": )" + std::to_string(t + 600) + "}}");
}

TEST_CASE("/-/actor.json ignores wrong-secret, expired and disallowed tokens") {
    auto app = make_app("s3cret");
    // introspection.actor-wrong-secret
    CHECK(actor_json(app, bearer({"root", now(), std::nullopt, std::nullopt}, "some-other-secret")) ==
          R"({"actor": null})");
    CHECK(actor_json(app, bearer({"root", now() - 120, 60, std::nullopt}, "s3cret")) == R"({"actor": null})");
    auto closed = make_app("s3cret", {{"allow_signed_tokens", "off"}});
    CHECK(actor_json(closed, bearer({"root", now(), std::nullopt, std::nullopt}, "s3cret")) == R"({"actor": null})");
}

TEST_CASE("/-/actor.json caps token lifetimes at max_signed_tokens_ttl") {
    auto app = make_app("s3cret", {{"max_signed_tokens_ttl", "30"}});
    std::int64_t t = now();
    CHECK(actor_json(app, bearer({"root", t, std::nullopt, std::nullopt}, "s3cret")) ==
          R"({"actor": {"id": "root", "token": "dstok", "token_expires": )" + std::to_string(t + 30) + "}}");
    CHECK(actor_json(app, bearer({"root", t - 60, std::nullopt, std::nullopt}, "s3cret")) == R"({"actor": null})");
}

TEST_CASE("without --secret each App signs with its own random secret") {
    auto app = make_app("");
    CHECK(actor_json(app, bearer({"root", now(), std::nullopt, std::nullopt}, "")) == R"({"actor": null})");
}
