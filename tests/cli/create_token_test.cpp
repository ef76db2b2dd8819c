// Tests for src/cli/create_token.cpp: argument parsing (the two- and three-value -d/-r, the
// secret from $DATASETTE_SECRET, one-line errors) and the printed token, which must equal
// what `datasette create-token` printed for the same arguments and time.
#include "cli/create_token.h"

#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/tokens.h"
#include "support/token_vectors.h"

using namespace liteserve;
using namespace liteserve::cli;

namespace {

std::string parse_error(std::vector<std::string> args, std::optional<std::string> env = std::nullopt) {
    try {
        parse_create_token(std::move(args), std::move(env));
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("create-token prints Datasette's token for Datasette's arguments") {
    for (const auto& v : liteserve::testing::token_vectors()) {
        CAPTURE(v.token);
        std::vector<std::string> args{v.payload.actor_id, "--secret", std::string(v.secret)};
        args.insert(args.end(), v.create_token_args.begin(), v.create_token_args.end());
        CreateTokenCommand cmd = parse_create_token(args, std::nullopt);
        std::ostringstream out, err;
        CHECK(run_create_token(cmd, v.payload.created, out, err) == 0);
        CHECK(out.str() == std::string(v.token) + "\n");
        CHECK(err.str().empty());
    }
}

TEST_CASE("create-token options") {
    SUBCASE("long forms, in any order, -d and -r among the others") {
        auto cmd = parse_create_token({"--resource", "db", "t", "insert-row", "alice", "--expires-after", "60",
                                       "--database", "db", "create-table", "--all", "view-instance", "--secret", "s"},
                                      std::nullopt);
        CHECK(cmd.actor == "alice");
        CHECK(cmd.secret == "s");
        CHECK(cmd.expires_after == 60);
        auth::Restrictions expected;
        expected.allow_all("vi");
        expected.allow_database("db", "ct");
        expected.allow_resource("db", "t", "ir");
        CHECK(cmd.restrictions == expected);
    }
    SUBCASE("--name=value and actions without abbreviations") {
        auto cmd = parse_create_token({"bob", "--secret=s", "-e", "5", "-a", "execute-write-sql"}, std::nullopt);
        CHECK(cmd.expires_after == 5);
        CHECK(cmd.restrictions.all == std::vector<std::string>{"execute-write-sql"});
    }
    SUBCASE("a secret that looks like an option stays a value") {
        auto cmd = parse_create_token({"bob", "--secret", "-d"}, std::nullopt);
        CHECK(cmd.secret == "-d");
        CHECK(cmd.restrictions.empty());
    }
    SUBCASE("the secret comes from $DATASETTE_SECRET unless --secret is given") {
        CHECK(parse_create_token({"bob"}, "from-env").secret == "from-env");
        CHECK(parse_create_token({"bob", "--secret", "flag"}, "from-env").secret == "flag");
    }
    SUBCASE("--help needs nothing else") {
        CHECK(parse_create_token({"--help"}, std::nullopt).help);
    }
}

TEST_CASE("create-token keeps an unknown action as given and warns, as Datasette's does") {
    auto cmd = parse_create_token({"bob", "--secret", "s", "-a", "vi", "-d", "db", "bogus", "-r", "db", "t", "set-column-type"},
                                  std::nullopt);
    CHECK(cmd.restrictions.all == std::vector<std::string>{"vi"});
    CHECK(cmd.unknown_actions == std::vector<std::string>{"bogus", "set-column-type", "vi"});
    std::ostringstream out, err;
    CHECK(run_create_token(cmd, 1000, out, err) == 0);
    CHECK(err.str() == "Warning: unknown action: bogus\nWarning: unknown action: set-column-type\n"
                       "Warning: unknown action: vi\n");
    auto decoded = auth::decode_token(out.str().substr(0, out.str().size() - 1), "s");
    REQUIRE(decoded.has_value());
    CHECK(auth::payload_json(*decoded) ==
          R"({"a":"bob","t":1000,"_r":{"a":["vi"],"d":{"db":["bogus"]},"r":{"db":{"t":["set-column-type"]}}}})");
}

TEST_CASE("create-token errors are one line naming the problem") {
    CHECK(parse_error({"bob"}) == "Missing option --secret (or set DATASETTE_SECRET)");
    CHECK(parse_error({"bob", "--secret", ""}) == "Missing option --secret (or set DATASETTE_SECRET)");
    CHECK(parse_error({"bob"}, "") == "Missing option --secret (or set DATASETTE_SECRET)");
    CHECK(parse_error({"--secret", "s"}) == "Missing argument ACTOR: the actor ID the token is for");
    CHECK(parse_error({"bob", "--secret", "s", "-d", "db"}) == "-d needs a DB and an ACTION");
    CHECK(parse_error({"bob", "--secret", "s", "--resource", "db", "t"}) == "--resource needs a DB, a RESOURCE and an ACTION");
    CHECK(parse_error({"bob", "carol", "--secret", "s"}) != "no error");
    CHECK(parse_error({"bob", "--secret", "s", "-e", "soon"}) != "no error");
    CHECK(parse_error({"bob", "--secret", "s", "--bogus"}) != "no error");
}

TEST_CASE("create-token --debug shows the decoded payload on stderr, the token stays last on stdout") {
    auto cmd = parse_create_token({"alice", "--secret", "s", "-e", "60", "-a", "insert-row", "--debug"}, std::nullopt);
    std::ostringstream out, err;
    CHECK(run_create_token(cmd, 1000, out, err) == 0);
    std::string token = out.str().substr(0, out.str().size() - 1);
    CHECK(auth::decode_token(token, "s").has_value());
    CHECK(err.str() == "\nDecoded:\n\n{\n  \"a\": \"alice\",\n  \"t\": 1000,\n  \"d\": 60,\n  \"_r\": {\n"
                       "    \"a\": [\n      \"ir\"\n    ]\n  }\n}\n");
}

TEST_CASE("create-token -e 0 makes a token without a lifetime, as Datasette") {
    auto cmd = parse_create_token({"alice", "--secret", "s", "-e", "0"}, std::nullopt);
    std::ostringstream out, err;
    run_create_token(cmd, 1000, out, err);
    auto payload = auth::decode_token(out.str().substr(0, out.str().size() - 1), "s");
    REQUIRE(payload.has_value());
    CHECK_FALSE(payload->duration.has_value());
}
