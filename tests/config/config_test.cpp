// Tests for src/config/config.cpp: Datasette-format config and metadata files written to a
// temporary directory, the values read from them, and each rejected shape with its message.
#include "config/config.h"

#include <doctest/doctest.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/config_files.h"
#include "support/fixture_db.h"

using namespace liteserve::config;

namespace {

using liteserve::testing::write_file;

std::string config_error(const std::string& json) { return liteserve::testing::config_error(json, "bad.json"); }

std::string tables_json(const std::string& table_options) {
    return R"({"databases": {"fixtures": {"tables": {"facetable": )" + table_options + "}}}}";
}

std::string query_json(const std::string& query) {
    return R"({"databases": {"fixtures": {"queries": {"q": )" + query + "}}}}";
}

}  // namespace

TEST_CASE("load_config: no files give an empty configuration") {
    Config c = load_config("", "");
    CHECK(c.databases.empty());
    CHECK(c.config_json == "{}");
    CHECK(c.metadata_json == "{}");
    CHECK(c.database("fixtures") == nullptr);
    CHECK(c.table("fixtures", "facetable") == nullptr);
}

TEST_CASE("load_config: stored queries keep file order and every field") {
    std::string path = write_file("queries.json", R"json({"databases": {"fixtures": {"queries": {
        "zeta": "select 1",
        "alpha": {"sql": "select :name", "title": "Alpha", "description": "plain", "description_html": "<b>html</b>",
                  "fragment": "frag", "hide_sql": true},
        "writer": {"sql": "insert into tags (tag) values (:tag)", "write": true}
    }}}})json");
    Config c = load_config(path, "");
    const DatabaseConfig* db = c.database("fixtures");
    REQUIRE(db != nullptr);
    REQUIRE(db->queries.size() == 3);

    const CannedQuery& zeta = db->queries[0];
    CHECK(zeta.name == "zeta");
    CHECK(zeta.sql == "select 1");
    CHECK_FALSE(zeta.title.has_value());
    CHECK_FALSE(zeta.hide_sql);
    CHECK_FALSE(zeta.write);
    CHECK(zeta.options_json == R"({"sql":"select 1"})");

    const CannedQuery& alpha = db->queries[1];
    CHECK(alpha.name == "alpha");
    CHECK(alpha.sql == "select :name");
    CHECK(alpha.title == "Alpha");
    CHECK(alpha.description == "plain");
    CHECK(alpha.description_html == "<b>html</b>");
    CHECK(alpha.fragment == "frag");
    CHECK(alpha.hide_sql);
    CHECK_FALSE(alpha.write);

    const CannedQuery& writer = db->queries[2];
    CHECK(writer.name == "writer");
    CHECK(writer.write);
    CHECK(writer.options_json == R"json({"sql":"insert into tags (tag) values (:tag)","write":true})json");
}

TEST_CASE("load_config: table options") {
    std::string path = write_file("tables.json", R"({"databases": {"fixtures": {"tables": {
        "facetable": {"sortable_columns": ["pk", "state"], "sort_desc": "pk", "size": 7, "label_column": "state",
                      "hidden": true, "fts_table": "facetable_fts", "fts_pk": "pk"},
        "facet_cities": {"sort": "name"},
        "no_primary_key": {"sortable_columns": []}
    }}}})");
    Config c = load_config(path, "");
    const TableConfig* t = c.table("fixtures", "facetable");
    REQUIRE(t != nullptr);
    CHECK(t->sortable_columns == std::vector<std::string>{"pk", "state"});
    CHECK(t->sort_desc == "pk");
    CHECK_FALSE(t->sort.has_value());
    CHECK(t->size == 7);
    CHECK(t->label_column == "state");
    CHECK(t->hidden);
    CHECK(t->fts_table == "facetable_fts");
    CHECK(t->fts_pk == "pk");

    const TableConfig* cities = c.table("fixtures", "facet_cities");
    REQUIRE(cities != nullptr);
    CHECK(cities->sort == "name");
    CHECK_FALSE(cities->sortable_columns.has_value());
    CHECK_FALSE(cities->hidden);
    CHECK_FALSE(cities->size.has_value());

    // An empty list is a configured value (nothing sortable), unlike an absent one.
    const TableConfig* no_pk = c.table("fixtures", "no_primary_key");
    REQUIRE(no_pk != nullptr);
    CHECK(no_pk->sortable_columns == std::vector<std::string>{});

    CHECK(c.table("fixtures", "nope") == nullptr);
    CHECK(c.table("other", "facetable") == nullptr);
}

TEST_CASE("load_config: metadata file, merged with the config file") {
    std::string metadata = write_file("metadata.json", R"({"title": "T", "license": "L", "databases": {
        "fixtures": {"description": "D", "tables": {"facetable": {"description": "FT", "size": 3}}}}})");
    std::string config = write_file("config.json", R"({"databases": {"fixtures": {"tables": {
        "facetable": {"sort": "state"}, "facet_cities": {"sort": "name"}}}}})");
    Config c = load_config(config, metadata);
    CHECK(c.metadata_json == R"({"title":"T","license":"L"})");
    const DatabaseConfig* db = c.database("fixtures");
    REQUIRE(db != nullptr);
    CHECK(db->metadata_json == R"({"description":"D"})");
    const TableConfig* t = c.table("fixtures", "facetable");
    REQUIRE(t != nullptr);
    // Options from both files apply; the table's metadata is the metadata file's.
    CHECK(t->size == 3);
    CHECK(t->sort == "state");
    CHECK(t->metadata_json == R"({"description":"FT","size":3})");
    // A table only in the config file has no metadata: config options are not metadata.
    const TableConfig* cities = c.table("fixtures", "facet_cities");
    REQUIRE(cities != nullptr);
    CHECK(cities->metadata_json == "{}");
}

TEST_CASE("load_config: /-/config.json text hides secret-looking values") {
    std::string path = write_file("secrets.json", R"({"plugins": {"p": {"secret": "s3", "api_key": "k",
        "password_hash": "h", "name": "visible", "token_ttl": 5, "list": [{"access_token": "t"}]}}})");
    Config c = load_config(path, "");
    CHECK(c.config_json == R"({"plugins":{"p":{"secret":"***","api_key":"***","password_hash":"***",)"
                           R"("name":"visible","token_ttl":5,"list":[{"access_token":"***"}]}}})");
}

TEST_CASE("load_config: the conformance profile's config and metadata files load") {
    std::string dir = std::string(LITESERVE_SOURCE_DIR) + "/../shared/conformance/profiles/";
    Config c = load_config(dir + "fixtures.config.json", dir + "fixtures.metadata.json");
    const DatabaseConfig* db = c.database("fixtures");
    REQUIRE(db != nullptr);
    REQUIRE(db->queries.size() == 4);
    CHECK(db->queries[0].name == "𝐜𝐢𝐭𝐢𝐞𝐬");
    CHECK(db->queries[3].name == "neighborhood_search");
    CHECK(db->queries[3].hide_sql);
    REQUIRE(c.table("fixtures", "paginated_view") != nullptr);
    CHECK(c.table("fixtures", "paginated_view")->size == 25);
    REQUIRE(c.table("fixtures", "no_primary_key") != nullptr);
    CHECK(c.table("fixtures", "no_primary_key")->hidden);
    REQUIRE(c.database("rw") != nullptr);
    CHECK(c.database("rw")->queries.at(0).write);
    CHECK(c.metadata_json.find(R"("title":"Datasette Fixtures")") != std::string::npos);
}

TEST_CASE("load_config: unreadable files and invalid JSON name the file") {
    std::string missing = write_file("x.json", "{}") + ".missing";
    CHECK_THROWS_WITH_AS(load_config(missing, ""), (missing + ": cannot be read").c_str(), std::invalid_argument);
    CHECK_THROWS_WITH_AS(load_config("", missing), (missing + ": cannot be read").c_str(), std::invalid_argument);

    CHECK(config_error("{nope") == "invalid JSON at offset 1: Missing a name for object member.");
    CHECK(config_error(R"({"a": 1,})") == "invalid JSON at offset 8: Missing a name for object member.");
    CHECK(config_error("") == "invalid JSON at offset 0: The document is empty.");
    CHECK(config_error("[]") == "must contain a JSON object");
    CHECK(config_error("null") == "must contain a JSON object");

    std::string bad_metadata = write_file("bad-metadata.json", "{]");
    CHECK_THROWS_WITH_AS(load_config("", bad_metadata),
                         (bad_metadata + ": invalid JSON at offset 1: Missing a name for object member.").c_str(),
                         std::invalid_argument);
}

TEST_CASE("load_config: facets and facet_size, as Datasette's load_facet_configs reads them") {
    std::string path = write_file("facets.json", R"({"databases": {"fixtures": {"tables": {
        "facetable": {"facets": ["state", {"array": "tags"}, {"date": "created"}, {"column": {"column": "n"}}],
                      "facet_size": 5},
        "facet_cities": {"facet_size": "max"},
        "no_primary_key": {}
    }}}})");
    Config c = load_config(path, "");
    const TableConfig* t = c.table("fixtures", "facetable");
    REQUIRE(t != nullptr);
    std::string facets;
    for (const auto& f : t->facets) facets += f.type + ":" + f.column + " ";
    CHECK(facets == "column:state array:tags date:created column:n ");
    CHECK(t->facet_size == 5);
    CHECK(c.table("fixtures", "facet_cities")->facet_size == TableConfig::kFacetSizeMax);
    CHECK(c.table("fixtures", "no_primary_key")->facets.empty());
    CHECK_FALSE(c.table("fixtures", "no_primary_key")->facet_size.has_value());

    // The config file's list replaces the metadata file's rather than adding to it.
    std::string metadata = write_file("facets-metadata.json",
                                      R"({"databases": {"fixtures": {"tables": {"facetable": {"facets": ["n"]}}}}})");
    Config both = load_config(path, metadata);
    CHECK(both.table("fixtures", "facetable")->facets.size() == 4);
}

TEST_CASE("load_config: values of the wrong type, each with where and what") {
    struct Case {
        std::string json;
        std::string message;
    };
    const std::vector<Case> cases = {
        {R"({"databases": []})", "databases must be a JSON object"},
        {R"({"databases": {"fixtures": 5}})", "databases.fixtures must be a JSON object"},
        {R"({"databases": {"fixtures": {"tables": []}}})", "databases.fixtures.tables must be a JSON object"},
        {R"({"databases": {"fixtures": {"queries": "q"}}})", "databases.fixtures.queries must be a JSON object"},
        {tables_json("[]"), "databases.fixtures.tables.facetable must be a JSON object"},
        {tables_json(R"({"size": "7"})"), "databases.fixtures.tables.facetable.size must be a positive integer"},
        {tables_json(R"({"size": -1})"), "databases.fixtures.tables.facetable.size must be a positive integer"},
        {tables_json(R"({"size": 1.5})"), "databases.fixtures.tables.facetable.size must be a positive integer"},
        {tables_json(R"({"sortable_columns": "pk"})"),
         "databases.fixtures.tables.facetable.sortable_columns must be a list of column names"},
        {tables_json(R"({"sortable_columns": ["pk", 1]})"),
         "databases.fixtures.tables.facetable.sortable_columns must be a list of column names"},
        {tables_json(R"({"hidden": "yes"})"), "databases.fixtures.tables.facetable.hidden must be true or false"},
        {tables_json(R"({"sort": 5})"), "databases.fixtures.tables.facetable.sort must be a string"},
        {tables_json(R"({"sort_desc": ["pk"]})"), "databases.fixtures.tables.facetable.sort_desc must be a string"},
        {tables_json(R"({"label_column": true})"),
         "databases.fixtures.tables.facetable.label_column must be a string"},
        {tables_json(R"({"facets": "state"})"), "databases.fixtures.tables.facetable.facets must be a list"},
        {tables_json(R"({"facets": [1]})"),
         R"(databases.fixtures.tables.facetable.facets[0] must be a column name or an object {"column"|"array"|"date": column})"},
        {tables_json(R"({"facets": ["state", {"array": "tags", "date": "created"}]})"),
         R"(databases.fixtures.tables.facetable.facets[1] must be a column name or an object {"column"|"array"|"date": column})"},
        {tables_json(R"({"facets": [{"histogram": "n"}]})"),
         R"(databases.fixtures.tables.facetable.facets[0] has an unknown facet type "histogram" (column, array or date))"},
        {tables_json(R"({"facets": [{"date": ["created"]}]})"),
         R"(databases.fixtures.tables.facetable.facets[0].date must be a column name or {"column": column})"},
        {tables_json(R"({"facet_size": 0})"),
         R"(databases.fixtures.tables.facetable.facet_size must be a positive integer or "max")"},
        {tables_json(R"({"facet_size": "all"})"),
         R"(databases.fixtures.tables.facetable.facet_size must be a positive integer or "max")"},
        {query_json("5"), "databases.fixtures.queries.q must be a JSON object"},
        {query_json(R"({"title": "x"})"), R"(databases.fixtures.queries.q needs a "sql" string)"},
        {query_json(R"({"sql": 1})"), "databases.fixtures.queries.q.sql must be a string"},
        {query_json(R"({"sql": "select 1", "title": 2})"), "databases.fixtures.queries.q.title must be a string"},
        {query_json(R"({"sql": "select 1", "hide_sql": 1})"),
         "databases.fixtures.queries.q.hide_sql must be true or false"},
        {query_json(R"({"sql": "select 1", "write": "yes"})"),
         "databases.fixtures.queries.q.write must be true or false"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        CHECK(config_error(c.json) == c.message);
    }
}
