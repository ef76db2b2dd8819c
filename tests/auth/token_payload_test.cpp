// Tests for src/auth/token_payload.cpp: the payload JSON in Datasette's exact bytes
// (itsdangerous _CompactJSON) and the strict reader.
#include "auth/token_payload.h"

#include <doctest/doctest.h>

#include <string>

using namespace liteserve::auth;

TEST_CASE("payload JSON is compact, ordered a, t, d, _r, with only present keys") {
    CHECK(payload_json({"root", 1795292739, std::nullopt, std::nullopt}) == R"({"a":"root","t":1795292739})");
    CHECK(payload_json({"alice", 5, 3600, std::nullopt}) == R"({"a":"alice","t":5,"d":3600})");
    Restrictions r;
    r.allow_resource("db", "t1", "ir");
    r.allow_all("vi");
    r.allow_database("db", "ct");
    r.allow_resource("other", "t2", "dr");
    r.allow_resource("db", "t3", "ur");
    r.allow_resource("db", "t1", "dr");
    CHECK(payload_json({"x", 1, std::nullopt, r}) ==
          R"({"a":"x","t":1,"_r":{"a":["vi"],"d":{"db":["ct"]},)"
          R"("r":{"db":{"t1":["ir","dr"],"t3":["ur"]},"other":{"t2":["dr"]}}}})");
}

TEST_CASE("payload strings escape as Python's json.dumps(ensure_ascii=False)") {
    CHECK(payload_json({"q\"b\\n\n\t\x01\x1f", 1, std::nullopt, std::nullopt}) ==
          R"({"a":"q\"b\\n\n\t\u0001\u001f","t":1})");
    CHECK(payload_json({"ünï/code", 1, std::nullopt, std::nullopt}) == R"({"a":"ünï/code","t":1})");
}

TEST_CASE("payloads read back to what was written") {
    Restrictions r;
    r.allow_all("vi");
    r.allow_database("b", "ir");
    r.allow_database("a", "ct");
    for (int i = 12; i >= 0; --i) r.allow_resource("db" + std::to_string(i), "t", "ir");
    TokenPayload payload{"ünïcode", 1795292741, 60, r};
    auto read = parse_payload_json(payload_json(payload));
    REQUIRE(read.has_value());
    CHECK(*read == payload);
    CHECK(payload_json(*read) == payload_json(payload));
}

TEST_CASE("payload reading: what is accepted") {
    auto p = parse_payload_json(R"( {"t": 7, "a": "root", "d": null, "extra": [1]} )");
    REQUIRE(p.has_value());
    CHECK(p->actor_id == "root");
    CHECK(p->created == 7);
    CHECK_FALSE(p->duration.has_value());
    CHECK_FALSE(p->restrictions.has_value());
    auto empty = parse_payload_json(R"({"a":"x","t":1,"_r":{}})");
    REQUIRE(empty.has_value());
    REQUIRE(empty->restrictions.has_value());  // present but empty: restricted to nothing
    CHECK(empty->restrictions->empty());
}

TEST_CASE("payload reading: what is refused") {
    const char* refused[] = {
        "",
        "[]",
        R"({"t":1})",                                   // no actor
        R"({"a":5,"t":1})",                             // actor id not a string
        R"({"a":"x"})",                                 // no creation time
        R"({"a":"x","t":1.0})",                         // time not an integer
        R"({"a":"x","t":"1"})",
        R"({"a":"x","t":1,"d":"60"})",                  // duration not an integer
        R"({"a":"x","t":1,"_r":null})",
        R"({"a":"x","t":1,"_r":{"a":"vi"}})",           // actions not a list
        R"({"a":"x","t":1,"_r":{"a":[1]}})",
        R"({"a":"x","t":1,"_r":{"d":["ir"]}})",
        R"({"a":"x","t":1,"_r":{"r":{"db":["ir"]}}})",
        R"({"a":"x","t":1} trailing)",
    };
    for (const char* json : refused) {
        CAPTURE(json);
        CHECK_FALSE(parse_payload_json(json).has_value());
    }
}
