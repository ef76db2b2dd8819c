// Foreign-key labels: the label column chosen for each table of a small schema, then
// _labels / _label / expandable_columns / foreign_key_tables through in-process requests on
// the fixtures database, with the bodies Datasette 1.0 gives for the same URLs.
#include "api/labels.h"

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <string>

#include "app/app.h"
#include "db/catalog.h"
#include "db/connection.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;

namespace {

// A database built from `sql` in a fresh directory, as <dir>/<name>.db.
std::string database_from(const std::string& sql, const std::string& name = "labels") {
    std::string dir = liteserve::testing::temp_dir();
    std::ofstream(dir + "/schema.sql") << sql;
    std::string path = dir + "/" + name + ".db";
    liteserve::testing::build_database(dir + "/schema.sql", path);
    return path;
}

std::unique_ptr<app::App> app_over(const std::string& path, const std::string& config_json = "") {
    app::AppOptions options;
    options.files.push_back({path, true});
    if (!config_json.empty()) {
        options.config_path = liteserve::testing::temp_dir() + "/config.json";
        std::ofstream(options.config_path) << config_json;
    }
    return std::make_unique<app::App>(std::move(options));
}

// The fixtures database with the conformance profile's label_column for one table.
const app::App& fixtures_app() {
    static const auto app = app_over(liteserve::testing::fixtures_db(), R"({"databases": {"fixtures": {"tables": {
        "primary_key_multiple_columns_explicit_label": {"label_column": "content2"}}}}})");
    return *app;
}

const app::App& plain_fixtures_app() {
    static const auto app = app_over(liteserve::testing::fixtures_db());
    return *app;
}

Response get(const app::App& app, const std::string& target) {
    Request r = liteserve::testing::make_request("GET", target);
    return app.handle(r);
}

// The body of a GET that must succeed.
std::string body(const app::App& app, const std::string& target) {
    Response r = get(app, target);
    CAPTURE(target);
    CAPTURE(r.body);
    REQUIRE(r.status == 200);
    return r.body;
}

std::string body(const std::string& target) { return body(fixtures_app(), target); }

}  // namespace

TEST_CASE("detect_label_column follows Datasette's label_column_for_table") {
    std::string path = database_from(R"(
        create table cities (id integer primary key, name text);
        create table one_unique_text (id integer primary key, code text unique, title text);
        create table two_unique_texts (id integer primary key, a text unique, b varchar(5) unique, name text);
        create table unique_integer (id integer primary key, n integer unique, x text, y text);
        create table text_key (id varchar(30) primary key, content text, content2 text);
        create table untyped_unique (id integer primary key, code unique, x, y);
        create table titled (pk integer primary key, Title text, other text);
        create table pair_by_pk (pk integer primary key, content text);
        create table pair_by_id (content text, id integer);
        create table id_and_pk (id integer, pk integer);
        create table no_key_pair (a text, b text);
        create table composite_unique (id integer primary key, a text, b text, c text, unique (a, b));
        create table expression_unique (id integer primary key, a text, b text, c text);
        create unique index expression_unique_lower on expression_unique (lower(a));
        create table generated (id integer primary key, a text, b text generated always as (upper(a)));
    )");
    db::Connection conn(path, db::OpenMode::ReadOnly);
    auto schema = db::load_schema(conn);
    struct Case {
        const char* table;
        const char* expected;  // "" for no label column
    };
    const Case cases[] = {
        {"cities", "name"},                  // a column called name
        {"one_unique_text", "code"},         // the one unique text column beats title
        {"two_unique_texts", "name"},        // two unique text columns: neither is chosen
        {"unique_integer", ""},              // a unique column that is not text
        {"text_key", "id"},                  // a text primary key has a unique index
        {"untyped_unique", "code"},          // no declared type counts as text
        {"titled", "Title"},                 // name/title match case-insensitively
        {"pair_by_pk", "content"},           // two columns, one of them pk
        {"pair_by_id", "content"},           // … or id, in any position
        {"id_and_pk", ""},                   // both are keys
        {"no_key_pair", ""},                 // two columns but no id or pk
        {"composite_unique", ""},            // a two-column UNIQUE is not a label
        {"expression_unique", ""},           // nor is a unique index on an expression
        {"generated", "a"},                  // generated columns are not counted
    };
    for (const auto& c : cases) {
        CAPTURE(c.table);
        const db::Table* table = schema->find(c.table);
        REQUIRE(table);
        CHECK(db::detect_label_column(*table).value_or("") == c.expected);
    }
}

TEST_CASE("_labels=on expands every foreign key of the page") {
    CHECK(body("/fixtures/facetable.json?_size=2&_labels=on&_col=_city_id&_shape=array") ==
          R"([{"pk": 1, "_city_id": {"value": 1, "label": "San Francisco"}}, )"
          R"({"pk": 2, "_city_id": {"value": 1, "label": "San Francisco"}}])");
    // A blank label stays blank, NULLs are not expanded, a table without a label column
    // labels each value with itself, and a compound foreign key is not expandable.
    CHECK(body("/fixtures/foreign_key_references.json?_labels=on&_shape=array") ==
          R"([{"pk": "1", "foreign_key_with_label": {"value": 1, "label": "hello"}, )"
          R"("foreign_key_with_blank_label": {"value": 3, "label": ""}, )"
          R"("foreign_key_with_no_label": {"value": "1", "label": "1"}, )"
          R"("foreign_key_compound_pk1": "a", "foreign_key_compound_pk2": "b"}, )"
          R"({"pk": "2", "foreign_key_with_label": null, "foreign_key_with_blank_label": null, )"
          R"("foreign_key_with_no_label": null, "foreign_key_compound_pk1": null, "foreign_key_compound_pk2": null}])");
}

TEST_CASE("_labels in every shape") {
    CHECK(body("/fixtures/facetable.json?_size=1&_labels=on&_shape=arrays&_col=_city_id") ==
          R"({"ok": true, "next": "1", "rows": [[1, {"value": 1, "label": "San Francisco"}]], "truncated": false})");
    CHECK(body("/fixtures/facetable.json?_size=1&_labels=on&_shape=object&_col=_city_id") ==
          R"({"1": {"pk": 1, "_city_id": {"value": 1, "label": "San Francisco"}}})");
    CHECK(body("/fixtures/facetable.json?_size=2&_labels=on&_shape=array&_nl=on&_col=_city_id&_sort_desc=pk") ==
          "{\"pk\": 15, \"_city_id\": {\"value\": 4, \"label\": \"Memnonia\"}}\n"
          "{\"pk\": 14, \"_city_id\": {\"value\": 3, \"label\": \"Detroit\"}}");
    CHECK(body("/fixtures/facetable.json?_size=1&_labels=on&_shape=arrayfirst&_nocol=_neighborhood") == "[1]");
}

TEST_CASE("_label=COL expands only that column; _labels=off and unknown values expand none") {
    CHECK(body("/fixtures/foreign_key_references.json?_label=foreign_key_with_blank_label&_shape=array&_size=1") ==
          R"([{"pk": "1", "foreign_key_with_label": 1, "foreign_key_with_blank_label": {"value": 3, "label": ""}, )"
          R"("foreign_key_with_no_label": "1", "foreign_key_compound_pk1": "a", "foreign_key_compound_pk2": "b"}])");
    const std::string plain = R"([{"pk": 1, "_city_id": 1}])";
    CHECK(body("/fixtures/facetable.json?_size=1&_col=_city_id&_shape=array&_label=state") == plain);
    CHECK(body("/fixtures/facetable.json?_size=1&_col=_city_id&_shape=array&_labels=off") == plain);
    CHECK(body("/fixtures/facetable.json?_size=1&_col=_city_id&_shape=array&_labels=maybe") == plain);
    // _label wins over _labels, even when it names no foreign key.
    CHECK(body("/fixtures/facetable.json?_size=1&_col=_city_id&_shape=array&_labels=on&_label=") == plain);
    CHECK(body("/fixtures/facetable.json?_size=1&_col=_city_id&_shape=array&_labels=TRUE") ==
          R"([{"pk": 1, "_city_id": {"value": 1, "label": "San Francisco"}}])");
}

TEST_CASE("a configured label_column wins over detection") {
    const std::string url = "/fixtures/custom_foreign_key_label.json?_labels=on&_shape=array";
    CHECK(body(url) == R"([{"pk": "1", "foreign_key_with_custom_label": {"value": "1", "label": "world2"}}])");
    // Unconfigured, the text primary key is the only unique text column: it labels itself.
    CHECK(body(plain_fixtures_app(), url) ==
          R"([{"pk": "1", "foreign_key_with_custom_label": {"value": "1", "label": "1"}}])");
}

TEST_CASE("labels match values as Python dict keys do") {
    std::string path = database_from(R"(
        create table parent (id integer primary key, name text);
        insert into parent values (1, 'one'), (2, null);
        create table child (pk integer primary key, parent_id references parent(id));
        insert into child values (1, 1), (2, 1.0), (3, '1'), (4, 99), (5, 2), (6, null);
    )");
    auto app = app_over(path);
    // 1.0 finds the label of 1; the text '1' and the missing 99 stay plain; a NULL label is
    // still a label.
    CHECK(body(*app, "/labels/child.json?_labels=on&_shape=arrays") ==
          R"({"ok": true, "next": null, "rows": [[1, {"value": 1, "label": "one"}], )"
          R"([2, {"value": 1.0, "label": "one"}], [3, "1"], [4, 99], [5, {"value": 2, "label": null}], )"
          R"([6, null]], "truncated": false})");
}

TEST_CASE("_extra=expandable_columns lists foreign keys in Datasette's order") {
    CHECK(body("/fixtures/facetable.json?_size=0&_extra=expandable_columns") ==
          R"({"ok": true, "next": null, "expandable_columns": [[{"column": "_city_id", )"
          R"("other_table": "facet_cities", "other_column": "id"}, "name"]], "rows": [], "truncated": false})");
    CHECK(body("/fixtures/searchable_tags.json?_size=0&_extra=expandable_columns") ==
          R"({"ok": true, "next": null, "expandable_columns": [)"
          R"([{"column": "tag", "other_table": "tags", "other_column": "tag"}, "tag"], )"
          R"([{"column": "searchable_id", "other_table": "searchable", "other_column": "pk"}, null]], )"
          R"("rows": [], "truncated": false})");
    CHECK(body("/fixtures/simple_primary_key.json?_size=0&_extra=expandable_columns") ==
          R"({"ok": true, "next": null, "expandable_columns": [], "rows": [], "truncated": false})");
}

TEST_CASE("row _extra=foreign_key_tables counts and links the referencing rows") {
    std::string cities = body("/fixtures/facet_cities/3.json?_extra=foreign_key_tables");
    CHECK(cities.find(R"("foreign_key_tables": [{"other_table": "facetable", "column": "id", )"
                      R"("other_column": "_city_id", "count": 4, "link": "/fixtures/facetable?_city_id__exact=3"}])") !=
          std::string::npos);
    std::string tags = body("/fixtures/tags/feline.json?_extra=foreign_key_tables");
    CHECK(tags.find(R"("foreign_key_tables": [{"other_table": "searchable_tags", "column": "tag", )"
                    R"("other_column": "tag", "count": 1, "link": "/fixtures/searchable_tags?tag=feline"}])") !=
          std::string::npos);
    // Datasette lists none for compound keys, and the key is absent unless asked for.
    CHECK(body("/fixtures/compound_primary_key/a,b.json?_extra=foreign_key_tables").find(R"("foreign_key_tables": [])") !=
          std::string::npos);
    CHECK(body("/fixtures/facet_cities/3.json").find("foreign_key_tables") == std::string::npos);
    // The row view does not expand labels.
    CHECK(body("/fixtures/foreign_key_references/1.json?_labels=on").find(R"("foreign_key_with_label": 1,)") !=
          std::string::npos);
}
