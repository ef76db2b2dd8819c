// Tests for src/auth/allow.cpp: Datasette's actor_matches_allow as a table of (actor, allow
// block JSON) → match, following the examples of Datasette's "Defining permissions with
// allow blocks" docs, and the shapes parse_allow_block rejects.
#include "auth/allow.h"

#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>
#include <string>

using namespace liteserve::auth;

namespace {

std::optional<Actor> anonymous() { return std::nullopt; }
std::optional<Actor> user(std::string id) { return Actor{std::move(id), "", std::nullopt, std::nullopt}; }
std::optional<Actor> token(std::string id) { return Actor{std::move(id), "dstok", std::nullopt, 1700000000}; }
std::optional<Actor> restricted(std::string id) {
    Restrictions r;
    r.allow_all("vt");
    return Actor{std::move(id), "dstok", r, std::nullopt};
}

std::string shape_error(const std::string& json) {
    try {
        parse_allow_block(json);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("actor_matches_allow: Datasette's allow block rules") {
    struct Case {
        const char* name;
        std::optional<Actor> actor;
        const char* allow;
        bool expected;
    };
    const Case cases[] = {
        {"true allows everyone", anonymous(), "true", true},
        {"false allows no one", user("root"), "false", false},
        {"an id", user("root"), R"({"id": "root"})", true},
        {"another id", user("alice"), R"({"id": "root"})", false},
        {"anonymous has no id", anonymous(), R"({"id": "root"})", false},
        {"a list of ids", user("cleopaws"), R"({"id": ["simon", "cleopaws"]})", true},
        {"not in the list", user("pancakes"), R"({"id": ["simon", "cleopaws"]})", false},
        {"* matches any actor with the key", user("simon"), R"({"id": "*"})", true},
        {"* does not match anonymous", anonymous(), R"({"id": "*"})", false},
        {"* in a list is a plain value", user("simon"), R"({"id": ["*"]})", false},
        {"unauthenticated matches anonymous", anonymous(), R"({"unauthenticated": true})", true},
        {"unauthenticated does not match an actor", user("alice"), R"({"unauthenticated": true})", false},
        {"unauthenticated only as a lone true", anonymous(), R"({"unauthenticated": [true]})", false},
        {"keys are alternatives", user("trevor"), R"({"id": ["simon"], "token": "dstok"})", false},
        {"keys are alternatives (token)", token("trevor"), R"({"id": ["simon"], "token": "dstok"})", true},
        {"an empty object matches no one", user("alice"), "{}", false},
        {"an empty object, anonymous", anonymous(), "{}", false},
        {"a plain actor has no token key", user("alice"), R"({"token": "*"})", false},
        {"token_expires compares as a number", token("bob"), R"({"token_expires": 1700000000.0})", true},
        {"_r is there for restricted tokens", restricted("bob"), R"({"_r": "*"})", true},
        {"_r is absent for unrestricted ones", token("bob"), R"({"_r": "*"})", false},
        {"text never equals a number", user("1"), R"({"id": 1})", false},
        {"unknown keys match nothing", user("alice"), R"({"role": "ops"})", false},
    };
    for (const auto& c : cases) {
        std::string name = c.name;
        CAPTURE(name);
        CHECK(actor_matches_allow(c.actor, parse_allow_block(c.allow)) == c.expected);
    }
}

TEST_CASE("parse_allow_block: shapes that are not allow blocks") {
    const std::string shape = "must be true, false or an object of actor keys to values or lists of values";
    CHECK(shape_error("[]") == shape);
    CHECK(shape_error(R"("root")") == shape);
    CHECK(shape_error("1") == shape);
    CHECK(shape_error(R"({"id": {"x": 1}})") == shape);
    CHECK(shape_error(R"({"id": [["a"]]})") == shape);
    CHECK(shape_error("{") == "is not valid JSON");
    CHECK(shape_error(R"({"id": ["a", 1, true, null]})") == "no error");
}
