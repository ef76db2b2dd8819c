// Tests for src/auth/permissions.cpp and rules.cpp: auth::allowed as one table of (actor,
// action, resource, configuration, policy) → decision, after Datasette 1.0a33's
// default_permissions (defaults, root, config rules, token restrictions) and its cascade:
// the most specific level with a rule decides, a deny beats an allow at the same level.
#include "auth/permissions.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include <rapidjson/document.h>

#include "auth/token_payload.h"
#include "config/permission_rules.h"

using namespace liteserve;
using namespace liteserve::auth;

namespace {

std::optional<Actor> anonymous() { return std::nullopt; }
std::optional<Actor> user(std::string id) { return Actor{std::move(id), "dstok", std::nullopt, std::nullopt}; }
// A token's actor with restrictions written as Datasette's "_r" JSON.
std::optional<Actor> token(std::string id, const std::string& r) {
    auto payload = parse_payload_json(R"({"a": ")" + id + R"(", "t": 1, "_r": )" + r + "}");
    REQUIRE(payload.has_value());
    return Actor{std::move(id), "dstok", payload->restrictions, std::nullopt};
}

PermissionRules rules(const char* config_json) {
    rapidjson::Document doc;
    doc.Parse(config_json);
    REQUIRE(!doc.HasParseError());
    return config::load_permission_rules("config.json", doc);
}

const PermissionPolicy kDefaults{};
const PermissionPolicy kRoot{true, true, false};
const PermissionPolicy kNoSql{false, false, false};
const PermissionPolicy kDefaultDeny{false, true, true};
const PermissionPolicy kRootDefaultDeny{true, true, true};

const Resource kInstance{};
const Resource kFixtures{"fixtures", {}};
const Resource kRw{"rw", {}};
const Resource kFacetable{"fixtures", "facetable"};
const Resource kOtherTable{"fixtures", "sortable"};
const Resource kTags{"rw", "tags"};
const Resource kRwOther{"rw", "facet_cities"};
const Resource kQuery{"fixtures", "neighborhood_search"};

struct Case {
    const char* name;
    std::optional<Actor> actor;
    const char* action;
    Resource resource;
    const char* config;
    PermissionPolicy policy;
    bool expected;
};

void check_cases(std::initializer_list<Case> cases) {
    for (const auto& c : cases) {
        std::string name = std::string(c.name) + " (" + c.action + ")";
        CAPTURE(name);
        CHECK(allowed(c.policy, rules(c.config), {c.actor, c.action, c.resource}) == c.expected);
    }
}

}  // namespace

TEST_CASE("allowed: Datasette's defaults") {
    check_cases({
        {"anyone views the instance", anonymous(), "view-instance", kInstance, "{}", kDefaults, true},
        {"anyone views a database", anonymous(), "view-database", kFixtures, "{}", kDefaults, true},
        {"anyone views a table", anonymous(), "view-table", kFacetable, "{}", kDefaults, true},
        {"anyone views a stored query", anonymous(), "view-query", kQuery, "{}", kDefaults, true},
        {"anyone runs SQL", anonymous(), "execute-sql", kFixtures, "{}", kDefaults, true},
        {"no one inserts", anonymous(), "insert-row", kTags, "{}", kDefaults, false},
        {"a signed-in actor does not write either", user("alice"), "create-table", kRw, "{}", kDefaults, false},
        {"no one writes SQL", user("alice"), "execute-write-sql", kRw, "{}", kDefaults, false},
        {"default_allow_sql off", anonymous(), "execute-sql", kFixtures, "{}", kNoSql, false},
        {"default_allow_sql off leaves reading", anonymous(), "view-table", kFacetable, "{}", kNoSql, true},
        {"a database allow_sql beats default_allow_sql off", user("alice"), "execute-sql", kFixtures,
         R"({"databases": {"fixtures": {"allow_sql": {"id": "alice"}}}})", kNoSql, true},
        {"... for its actors only", user("bob"), "execute-sql", kFixtures,
         R"({"databases": {"fixtures": {"allow_sql": {"id": "alice"}}}})", kNoSql, false},
        {"an instance allow_sql loses to it (same level)", user("alice"), "execute-sql", kFixtures,
         R"({"allow_sql": true})", kNoSql, false},
    });
}

TEST_CASE("allowed: the root actor") {
    check_cases({
        {"root without --root cannot write", user("root"), "insert-row", kTags, "{}", kDefaults, false},
        {"root with --root can", user("root"), "insert-row", kTags, "{}", kRoot, true},
        {"root with --root drops tables", user("root"), "drop-table", kTags, "{}", kRoot, true},
        {"--root is for root only", user("alice"), "insert-row", kTags, "{}", kRoot, false},
        {"root reads without --root", user("root"), "view-table", kTags, "{}", kDefaults, true},
        {"root beats --default-deny", user("root"), "view-table", kTags, "{}", kRootDefaultDeny, true},
        {"an instance allow block denies root (same level)", user("root"), "view-instance", kInstance,
         R"({"allow": {"id": "alice"}})", kRoot, false},
        {"a table allow block denies root", user("root"), "view-table", kFacetable,
         R"({"databases": {"fixtures": {"tables": {"facetable": {"allow": {"id": "alice"}}}}}})", kRoot, false},
        {"a database permissions block denies root", user("root"), "create-table", kRw,
         R"({"databases": {"rw": {"permissions": {"create-table": false}}}})", kRoot, false},
    });
}

TEST_CASE("allowed: token restrictions") {
    check_cases({
        {"-a ir: insert", token("root", R"({"a": ["ir"]})"), "insert-row", kTags, "{}", kRoot, true},
        {"-a ir: no update", token("root", R"({"a": ["ir"]})"), "update-row", kTags, "{}", kRoot, false},
        {"-a ir: no reading", token("root", R"({"a": ["ir"]})"), "view-table", kTags, "{}", kRoot, false},
        {"-a ir: no instance", token("root", R"({"a": ["ir"]})"), "view-instance", kInstance, "{}", kRoot, false},
        {"full names work too", token("root", R"({"a": ["insert-row"]})"), "insert-row", kTags, "{}", kRoot, true},
        {"full names of unabbreviated actions", token("root", R"({"a": ["execute-write-sql", "vd"]})"),
         "execute-write-sql", kRw, "{}", kRoot, true},
        {"restrictions never grant", token("bob", R"({"a": ["ir"]})"), "insert-row", kTags, "{}", kRoot, false},
        {"-d rw ir: rw", token("root", R"({"d": {"rw": ["ir"]}})"), "insert-row", kTags, "{}", kRoot, true},
        {"-d rw ir: not fixtures", token("root", R"({"d": {"rw": ["ir"]}})"), "insert-row",
         Resource{"fixtures", "tags"}, "{}", kRoot, false},
        {"-r rw tags ir: tags", token("root", R"({"r": {"rw": {"tags": ["ir"]}}})"), "insert-row", kTags, "{}",
         kRoot, true},
        {"-r rw tags ir: not another table", token("root", R"({"r": {"rw": {"tags": ["ir"]}}})"), "insert-row",
         kRwOther, "{}", kRoot, false},
        {"-r rw tags ir: not the database", token("root", R"({"r": {"rw": {"tags": ["ct"]}}})"), "create-table",
         kRw, "{}", kRoot, false},
        {"vi+vt: reading", token("root", R"({"a": ["vi", "vt"]})"), "view-table", kTags, "{}", kRoot, true},
        {"vi+vt: no SQL", token("root", R"({"a": ["vi", "vt"]})"), "execute-sql", kRw, "{}", kRoot, false},
        {"-d rw es vd: SQL on rw", token("bob", R"({"d": {"rw": ["es", "vd"]}})"), "execute-sql", kRw, "{}",
         kDefaults, true},
        {"-d rw es: no SQL without view-database (also_requires)", token("bob", R"({"d": {"rw": ["es"]}})"),
         "execute-sql", kRw, "{}", kDefaults, false},
        {"-d rw es: not on fixtures", token("bob", R"({"d": {"rw": ["es"]}})"), "execute-sql", kFixtures, "{}",
         kDefaults, false},
        {"execute-sql also needs view-database", token("bob", R"({"a": ["es"]})"), "execute-sql", kRw,
         R"({"databases": {"rw": {"allow": false}}})", kDefaults, false},
    });
}

TEST_CASE("allowed: a token's restrictions are exact, nothing is implied (Datasette 1.0a33)") {
    check_cases({
        {"an empty _r denies view-instance", token("bob", "{}"), "view-instance", kInstance, "{}", kDefaults, false},
        {"an empty _r denies view-table", token("bob", "{}"), "view-table", kTags, "{}", kDefaults, false},
        {"vi", token("bob", R"({"a": ["vi"]})"), "view-instance", kInstance, "{}", kDefaults, true},
        {"vi is not view-database", token("bob", R"({"a": ["vi"]})"), "view-database", kRw, "{}", kDefaults, false},
        {"vd is not view-table", token("bob", R"({"a": ["vd"]})"), "view-table", kTags, "{}", kDefaults, false},
        {"vd is not view-instance", token("bob", R"({"a": ["vd"]})"), "view-instance", kInstance, "{}", kDefaults,
         false},
        {"vt reads tables", token("bob", R"({"a": ["view-table"]})"), "view-table", kTags, "{}", kDefaults, true},
        {"vt is not view-database", token("bob", R"({"a": ["view-table"]})"), "view-database", kRw, "{}",
         kDefaults, false},
        {"vt is not view-instance", token("bob", R"({"a": ["vt"]})"), "view-instance", kInstance, "{}", kDefaults,
         false},
        {"a table's vt", token("bob", R"({"r": {"rw": {"tags": ["vt"]}}})"), "view-table", kTags, "{}", kDefaults,
         true},
        {"... not another table", token("bob", R"({"r": {"rw": {"tags": ["vt"]}}})"), "view-table", kRwOther, "{}",
         kDefaults, false},
        {"... not its database", token("bob", R"({"r": {"rw": {"tags": ["vt"]}}})"), "view-database", kRw, "{}",
         kDefaults, false},
        {"write actions imply nothing", token("bob", R"({"a": ["ir"]})"), "view-database", kRw, "{}", kDefaults,
         false},
        {"listed, but the configuration still decides", token("bob", R"({"a": ["vi"]})"), "view-instance",
         kInstance, R"({"allow": {"id": "alice"}})", kDefaults, false},
    });
}

TEST_CASE("allowed: allow blocks") {
    const char* instance = R"({"allow": {"id": "alice"}})";
    const char* database = R"({"databases": {"fixtures": {"allow": {"id": "*"}}}})";
    const char* table = R"({"databases": {"fixtures": {"tables": {"facetable": {"allow": {"id": "alice"}}}}}})";
    const char* query = R"({"databases": {"fixtures": {"queries": {"neighborhood_search": {
        "sql": "select 1", "allow": {"id": "alice"}}}}}})";
    check_cases({
        {"instance: alice", user("alice"), "view-instance", kInstance, instance, kDefaults, true},
        {"instance: bob", user("bob"), "view-instance", kInstance, instance, kDefaults, false},
        {"instance: anonymous", anonymous(), "view-instance", kInstance, instance, kDefaults, false},
        {"instance: bob's tables", user("bob"), "view-table", kFacetable, instance, kDefaults, false},
        {"instance: bob's databases", user("bob"), "view-database", kFixtures, instance, kDefaults, false},
        {"instance: bob's SQL needs view-database", user("bob"), "execute-sql", kFixtures, instance, kDefaults,
         false},
        {"instance: not writes", user("alice"), "insert-row", kTags, instance, kDefaults, false},
        {"allow false", user("alice"), "view-database", kFixtures, R"({"allow": false})", kDefaults, false},
        {"unauthenticated only", anonymous(), "view-instance", kInstance, R"({"allow": {"unauthenticated": true}})",
         kDefaults, true},
        {"unauthenticated only: alice", user("alice"), "view-instance", kInstance,
         R"({"allow": {"unauthenticated": true}})", kDefaults, false},
        {"database: signed in", user("alice"), "view-database", kFixtures, database, kDefaults, true},
        {"database: anonymous", anonymous(), "view-database", kFixtures, database, kDefaults, false},
        {"database: its tables", anonymous(), "view-table", kFacetable, database, kDefaults, false},
        {"database: its queries", anonymous(), "view-query", kQuery, database, kDefaults, false},
        {"database: not the instance", anonymous(), "view-instance", kInstance, database, kDefaults, true},
        {"database: not other databases", anonymous(), "view-database", kRw, database, kDefaults, true},
        {"database: not SQL itself", anonymous(), "execute-sql", kFixtures,
         R"({"databases": {"fixtures": {"allow_sql": true, "allow": {"id": "*"}}}})", kDefaults, false},
        {"table: alice", user("alice"), "view-table", kFacetable, table, kDefaults, true},
        {"table: bob", user("bob"), "view-table", kFacetable, table, kDefaults, false},
        {"table: bob's other tables", user("bob"), "view-table", kOtherTable, table, kDefaults, true},
        {"table: not the database", user("bob"), "view-database", kFixtures, table, kDefaults, true},
        {"table allow true beats a database deny", user("bob"), "view-table", kFacetable,
         R"({"databases": {"fixtures": {"allow": {"id": "alice"},
             "tables": {"facetable": {"allow": true}}}}})", kDefaults, true},
        {"query: alice", user("alice"), "view-query", kQuery, query, kDefaults, true},
        {"query: bob", user("bob"), "view-query", kQuery, query, kDefaults, false},
        {"allow_sql false", anonymous(), "execute-sql", kFixtures, R"({"allow_sql": false})", kDefaults, false},
        {"allow_sql false leaves tables", anonymous(), "view-table", kFacetable, R"({"allow_sql": false})",
         kDefaults, true},
        {"allow_sql for root", user("root"), "execute-sql", kRw, R"({"allow_sql": {"id": "root"}})", kDefaults,
         true},
    });
}

TEST_CASE("allowed: a denying allow block is repeated on a restricted token's resources") {
    const char* config = R"({"allow": {"id": "alice"},
        "databases": {"fixtures": {"tables": {"facetable": {"allow": true}}}}})";
    check_cases({
        {"unrestricted: the table's allow wins", user("bob"), "view-table", kFacetable, config, kDefaults, true},
        {"restricted to the table: the gate denies", token("bob", R"({"r": {"fixtures": {"facetable": ["vt"]}}})"),
         "view-table", kFacetable, config, kDefaults, false},
    });
}

TEST_CASE("allowed: permissions blocks at each level") {
    check_cases({
        {"instance: alice inserts", user("alice"), "insert-row", kTags,
         R"({"permissions": {"insert-row": {"id": "alice"}}})", kDefaults, true},
        {"instance: bob does not", user("bob"), "insert-row", kTags,
         R"({"permissions": {"insert-row": {"id": "alice"}}})", kDefaults, false},
        {"instance: other actions unaffected", user("alice"), "update-row", kTags,
         R"({"permissions": {"insert-row": {"id": "alice"}}})", kDefaults, false},
        {"database: rw", user("alice"), "create-table", kRw,
         R"({"databases": {"rw": {"permissions": {"create-table": {"id": "alice"}}}}})", kDefaults, true},
        {"database: not fixtures", user("alice"), "create-table", kFixtures,
         R"({"databases": {"rw": {"permissions": {"create-table": {"id": "alice"}}}}})", kDefaults, false},
        {"database: its tables", user("alice"), "insert-row", kTags,
         R"({"databases": {"rw": {"permissions": {"insert-row": {"id": "alice"}}}}})", kDefaults, true},
        {"table: tags", user("alice"), "insert-row", kTags,
         R"({"databases": {"rw": {"tables": {"tags": {"permissions": {"insert-row": {"id": "alice"}}}}}}})",
         kDefaults, true},
        {"table: not another table", user("alice"), "insert-row", kRwOther,
         R"({"databases": {"rw": {"tables": {"tags": {"permissions": {"insert-row": {"id": "alice"}}}}}}})",
         kDefaults, false},
        {"a table deny beats an instance allow", anonymous(), "insert-row", kTags,
         R"({"permissions": {"insert-row": true},
             "databases": {"rw": {"tables": {"tags": {"permissions": {"insert-row": false}}}}}})", kDefaults, false},
        {"... elsewhere the instance allow stands", anonymous(), "insert-row", kRwOther,
         R"({"permissions": {"insert-row": true},
             "databases": {"rw": {"tables": {"tags": {"permissions": {"insert-row": false}}}}}})", kDefaults, true},
        {"view-database denied by permissions", anonymous(), "view-database", kFixtures,
         R"({"databases": {"fixtures": {"permissions": {"view-database": false}}}})", kDefaults, false},
        {"query: view-query", user("bob"), "view-query", kQuery,
         R"({"databases": {"fixtures": {"queries": {"neighborhood_search": {"sql": "select 1",
             "permissions": {"view-query": {"id": "alice"}}}}}}})", kDefaults, false},
        {"a null block is no rule", anonymous(), "view-instance", kInstance,
         R"({"permissions": {"view-instance": null}, "allow": null})", kDefaults, true},
    });
}

TEST_CASE("allowed: --default-deny") {
    check_cases({
        {"no instance", anonymous(), "view-instance", kInstance, "{}", kDefaultDeny, false},
        {"no tables", user("alice"), "view-table", kFacetable, "{}", kDefaultDeny, false},
        {"no SQL", user("alice"), "execute-sql", kFixtures, "{}", kDefaultDeny, false},
        {"granted by a permissions block", anonymous(), "view-instance", kInstance,
         R"({"permissions": {"view-instance": true}})", kDefaultDeny, true},
        {"granted by a database allow block", user("alice"), "view-database", kFixtures,
         R"({"databases": {"fixtures": {"allow": {"id": "alice"}}}})", kDefaultDeny, true},
        {"... which does not open the instance", user("alice"), "view-instance", kInstance,
         R"({"databases": {"fixtures": {"allow": {"id": "alice"}}}})", kDefaultDeny, false},
        {"... but does open its tables", user("alice"), "view-table", kFacetable,
         R"({"databases": {"fixtures": {"allow": {"id": "alice"}}}})", kDefaultDeny, true},
    });
}
