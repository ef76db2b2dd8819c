// Tables for src/api/magic_params.cpp: Datasette's magic parameter names and their values
// for a request with fixed headers, actor, clock and random digits.
#include "api/magic_params.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "api/cells.h"

using liteserve::api::MagicInputs;
using liteserve::api::resolve_magic;
using liteserve::api::split_magic;
using liteserve::api::sql_uses_magic;

namespace {

MagicInputs inputs(bool with_actor) {
    MagicInputs in;
    in.headers = {{"user-agent", "curl/8.0"}, {"x-custom-thing", "yes"}, {"cookie", "a=1; session=\"xyz\"; b=2"}};
    if (with_actor) in.actor = liteserve::auth::Actor{"alice", "dstok", std::nullopt, 1700000000};
    in.now = std::chrono::system_clock::time_point(std::chrono::seconds(1706702400));  // 2024-01-31 12:00:00 UTC
    in.random_hex = [](std::size_t n) { return std::string(n, 'f'); };
    return in;
}

// The value as text, "(none)" when the parameter has no value for this request.
std::string resolved(const std::string& name, bool with_actor = true) {
    auto value = resolve_magic(name, inputs(with_actor));
    return value ? liteserve::api::value_to_text(*value) : "(none)";
}

}  // namespace

TEST_CASE("resolve_magic: each family") {
    struct Case {
        std::string name;
        std::string value;
    };
    const std::vector<Case> cases = {
        {"_header_user_agent", "curl/8.0"},
        {"_header_x_custom_thing", "yes"},
        {"_header_User_Agent", ""},             // as Datasette: only lower-case names match
        {"_header_missing", ""},                // Datasette: an absent header is ''
        {"_actor_id", "alice"},
        {"_actor_token", "dstok"},
        {"_actor_token_expires", "1700000000"},
        {"_actor_name", "(none)"},              // no such actor key: KeyError
        {"_cookie_a", "1"},
        {"_cookie_session", "xyz"},
        {"_cookie_nope", "(none)"},
        {"_now_epoch", "1706702400"},
        {"_now_date_utc", "2024-01-31"},
        {"_now_datetime_utc", "2024-01-31T12:00:00Z"},
        {"_now_later", "(none)"},
        {"_random_chars_5", "fffff"},
        {"_random_chars_", "(none)"},
        {"_random_chars_x", "(none)"},
        {"_random_bytes_4", "(none)"},
        {"_unknown_thing", "(none)"},           // not a magic prefix
        {"_header", "(none)"},                  // needs two underscores
        {"header_user_agent", "(none)"},        // needs the leading underscore
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(resolved(c.name) == c.value);
    }
}

TEST_CASE("resolve_magic: anonymous requests have no _actor_ values") {
    CHECK(resolved("_actor_id", false) == "(none)");
    auto epoch = resolve_magic("_now_epoch", inputs(false));
    REQUIRE(epoch);
    CHECK(std::holds_alternative<std::int64_t>(*epoch));  // an integer, as Datasette binds it
}

TEST_CASE("split_magic") {
    auto parts = split_magic("_header_user_agent");
    REQUIRE(parts);
    CHECK(parts->first == "header");
    CHECK(parts->second == "user_agent");
    CHECK_FALSE(split_magic("_text"));
    CHECK_FALSE(split_magic("text"));
}

TEST_CASE("sql_uses_magic") {
    struct Case {
        std::string sql;
        bool magic;
    };
    const std::vector<Case> cases = {
        {"select :_header_user_agent as ua", true},
        {"select @_now_epoch", true},
        {"select $_actor_id", true},
        {"select * from t where x = :_random_chars_8", true},
        {"select * from t where x = :text", false},
        {"select * from t where x = :_text", false},  // not a magic prefix
        {"select '_now_epoch' from t", false},         // no parameter marker
        {"select 1", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.sql);
        CHECK(sql_uses_magic(c.sql) == c.magic);
    }
}
