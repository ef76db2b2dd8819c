// In-process tests for the table and row ?_extra= blocks that describe the page rather than
// the rows (src/api/table_extras.cpp, row_extras.cpp, html_extras.cpp, request_extras.cpp,
// table_metadata.cpp): each case is a URL, a path into the JSON answer and the compact JSON
// expected there, following Datasette 1.0a33's extras.
#include "app/app.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/json_writer.h"
#include "api/request_extras.h"
#include "auth/tokens.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;

namespace {

constexpr const char* kSecret = "extras-secret";

// Metadata and config as the conformance profile passes them, plus values that are not text
// (Datasette stores those as their JSON text) and table options that are not metadata.
constexpr const char* kMetadata = R"({
  "title": "Datasette Fixtures",
  "databases": {"fixtures": {"description": "Test tables description", "tables": {
    "simple_primary_key": {"description_html": "Simple <em>primary</em> key",
                           "title": "This <em>HTML</em> is escaped"},
    "roadside_attractions": {"columns": {"name": "The name of the attraction",
                                         "address": "The street address for the attraction"}},
    "sortable": {"units": {"distance": "m"}, "facet_size": 5, "label_column": "text",
                 "sortable_columns": ["sortable"]}}}}})";
constexpr const char* kConfig = R"({"databases": {"fixtures": {"tables": {
    "simple_view": {"sortable_columns": ["content"]}}}}})";

std::unique_ptr<app::App> make_app() {
    std::string dir = liteserve::testing::temp_dir();
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), dir + "/fixtures.db");
    app::AppOptions options;
    options.files.push_back({dir + "/fixtures.db", false});
    options.secret = kSecret;
    options.root = true;
    options.metadata_path = dir + "/metadata.json";
    options.config_path = dir + "/config.json";
    std::ofstream(options.metadata_path) << kMetadata;
    std::ofstream(options.config_path) << kConfig;
    return std::make_unique<app::App>(std::move(options));
}

const app::App& extras_app() {
    static const std::unique_ptr<app::App> app = make_app();
    return *app;
}

struct Reply {
    int status;
    std::string body;
    rapidjson::Document json;
};

Reply get(const std::string& target, const std::string& actor = "") {
    Request r = liteserve::testing::make_request("GET", target);
    if (!actor.empty()) {
        auto now = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now().time_since_epoch());
        r.headers.emplace_back("authorization", "Bearer " + auth::create_token({actor, now.count(), std::nullopt, std::nullopt}, kSecret));
    }
    Response response = extras_app().handle(r);
    Reply reply{response.status, response.body, {}};
    reply.json.Parse(reply.body.c_str());
    return reply;
}

// Compact JSON of the value at a "/"-separated path ("" for the root), or "(absent)".
std::string json_at(const rapidjson::Value& root, std::string_view path) {
    const rapidjson::Value* v = &root;
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string part(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
        if (v->IsArray() && std::stoul(part) < v->Size()) v = &(*v)[static_cast<rapidjson::SizeType>(std::stoul(part))];
        else if (v->IsObject() && v->HasMember(part.c_str())) v = &(*v)[part.c_str()];
        else return "(absent)";
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    v->Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

struct Case {
    const char* target;
    const char* path;
    const char* expected;
};

void check_cases(std::initializer_list<Case> cases, const std::string& actor = "") {
    for (const auto& c : cases) {
        CAPTURE(c.target);
        CAPTURE(c.path);
        Reply reply = get(c.target, actor);
        REQUIRE(reply.status == 200);
        CHECK(json_at(reply.json, c.path) == c.expected);
    }
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("table extras: display_columns") {
    check_cases({
        {"/fixtures/facetable.json?_size=1&_extra=display_columns", "display_columns/0",
         R"({"name":"pk","sortable":true,"is_pk":true,"type":"INTEGER","notnull":0})"},
        {"/fixtures/facetable.json?_size=1&_extra=display_columns", "display_columns/1",
         R"({"name":"created","sortable":true,"is_pk":false,"type":"TEXT","notnull":0,"description":null,)"
         R"("column_type":null,"column_type_config":null})"},
        {"/fixtures/facetable.json?_size=1&_extra=display_columns", "display_columns/9/type", R"("")"},
        {"/fixtures/facetable.json?_size=1&_extra=display_columns", "display_columns/11", "(absent)"},
        // Declared types as PRAGMA table_xinfo reports them (SQLite 3.40 upper-cases the
        // standard names). A rowid table: the "Link" column, then rowid as its key.
        {"/fixtures/no_primary_key.json?_size=1&_extra=display_columns", "display_columns/0",
         R"({"name":"Link","sortable":false,"is_pk":false,"type":"","notnull":0,"is_special_link_column":true})"},
        {"/fixtures/no_primary_key.json?_size=1&_extra=display_columns", "display_columns/1",
         R"({"name":"rowid","sortable":true,"is_pk":true,"type":"integer","notnull":0,"description":null,)"
         R"("column_type":null,"column_type_config":null})"},
        {"/fixtures/compound_primary_key.json?_extra=display_columns", "display_columns/1/is_pk", "true"},
        {"/fixtures/compound_primary_key.json?_extra=display_columns", "display_columns/1/type", R"x("varchar(30)")x"},
        // Views have no link column; sortable follows the configured sortable_columns.
        {"/fixtures/simple_view.json?_extra=display_columns", "display_columns",
         R"([{"name":"content","sortable":true,"is_pk":false,"type":"TEXT","notnull":0,"description":null,)"
         R"("column_type":null,"column_type_config":null},{"name":"upper_content","sortable":false,"is_pk":false,)"
         R"("type":"","notnull":0,"description":null,"column_type":null,"column_type_config":null}])"},
        // Column descriptions come from the metadata; _col narrows the columns.
        {"/fixtures/roadside_attractions.json?_col=name&_extra=display_columns", "display_columns/1/description",
         R"("The name of the attraction")"},
        {"/fixtures/roadside_attractions.json?_col=name&_extra=display_columns", "display_columns/2", "(absent)"},
    });
}

TEST_CASE("table extras: render_cell, column types and templates") {
    check_cases({
        {"/fixtures/facetable.json?_size=2&_extra=render_cell", "render_cell", "[{},{}]"},
        {"/fixtures/simple_primary_key.json?_extra=render_cell", "render_cell", "[{},{},{},{},{}]"},
        {"/fixtures/facetable.json?_size=0&_extra=render_cell", "render_cell", "[]"},
        {"/fixtures/facetable.json?_size=1&_extra=column_types", "column_types", "{}"},
        {"/fixtures/facetable.json?_size=1&_extra=set_column_type_ui", "set_column_type_ui", "null"},
        {"/fixtures/facetable.json?_size=1&_extra=custom_table_templates", "custom_table_templates",
         R"(["_table-fixtures-facetable.html","_table-table-fixtures-facetable.html","_table.html"])"},
        {"/fixtures/facetable.json?_size=1&_extra=private", "private", "false"},
    });
}

TEST_CASE("table extras: set_column_type_ui for an actor allowed to set column types") {
    check_cases({
        {"/fixtures/simple_primary_key.json?_extra=set_column_type_ui", "set_column_type_ui/path",
         R"("/fixtures/simple_primary_key/-/set-column-type")"},
        {"/fixtures/simple_primary_key.json?_extra=set_column_type_ui", "set_column_type_ui/columns/id",
         R"({"current":null,"options":[]})"},
        {"/fixtures/simple_primary_key.json?_extra=set_column_type_ui", "set_column_type_ui/columns/content/options/1",
         R"({"name":"json","description":"JSON data"})"},
        {"/fixtures/simple_view.json?_extra=set_column_type_ui", "set_column_type_ui", "null"},
    }, "root");
}

TEST_CASE("table extras: request, debug and form_hidden_args") {
    check_cases({
        {"/fixtures/facetable.json?_size=1&_extra=form_hidden_args", "form_hidden_args",
         R"([["_size","1"],["_extra","form_hidden_args"]])"},
        // Grouped by name; _sort, filters and names with "__" stay out.
        {"/fixtures/facetable.json?_col=state&_size=1&_sort=pk&state__exact=CA&_extra=form_hidden_args&_col=pk",
         "form_hidden_args", R"([["_col","state"],["_col","pk"],["_size","1"],["_extra","form_hidden_args"]])"},
        {"/fixtures/facetable.json?_size=1&_col=state&_col=pk&_extra=request", "request",
         R"({"url":"http://localhost/fixtures/facetable.json?_size=1&_col=state&_col=pk&_extra=request",)"
         R"("path":"/fixtures/facetable.json","full_path":"/fixtures/facetable.json?_size=1&_col=state&_col=pk&_extra=request",)"
         R"("host":"localhost","args":{"_size":["1"],"_col":["state","pk"],"_extra":["request"]}})"},
        {"/fixtures/facetable.json?_size=1&_extra=debug&_nosuggest=1", "debug/url_vars",
         R"({"database":"fixtures","table":"facetable","format":"json"})"},
        {"/fixtures/facetable.json?_size=1&_extra=debug&_nosuggest=1", "debug/nofacet", "null"},
        {"/fixtures/facetable.json?_size=1&_extra=debug&_nosuggest=1", "debug/nosuggest", R"("1")"},
    });
    Reply reply = get("/fixtures/simple_view.json?_extra=debug");
    std::string resolved = json_at(reply.json, "debug/resolved");
    CHECK(resolved.rfind(R"("ResolvedTable(db=<Database: fixtures (mutable, size=)", 0) == 0);
    CHECK(resolved.find(R"x(>, table='simple_view', is_view=True)")x") != std::string::npos);
}

TEST_CASE("metadata extra: from the metadata file only, with the columns block") {
    check_cases({
        {"/fixtures/facetable.json?_size=1&_extra=metadata", "metadata", R"({"columns":{}})"},
        {"/fixtures/simple_view.json?_extra=metadata", "metadata", R"({"columns":{}})"},
        {"/fixtures/simple_primary_key.json?_extra=metadata", "metadata",
         R"({"description_html":"Simple <em>primary</em> key","title":"This <em>HTML</em> is escaped","columns":{}})"},
        {"/fixtures/roadside_attractions.json?_extra=metadata", "metadata",
         R"({"columns":{"address":"The street address for the attraction","name":"The name of the attraction"}})"},
        // Values that are not text are stored as their JSON text; table options are not metadata.
        {"/fixtures/sortable.json?_size=1&_extra=metadata", "metadata",
         R"({"units":"{\"distance\": \"m\"}","facet_size":"5","columns":{}})"},
        {"/fixtures/simple_primary_key/1.json?_extra=metadata", "metadata/title", R"("This <em>HTML</em> is escaped")"},
    });
}

TEST_CASE("row extras") {
    const char* debug = "/fixtures/simple_primary_key/1.json?_extra=debug";
    check_cases({
        {debug, "debug/url_vars", R"({"database":"fixtures","table":"simple_primary_key","pks":"1","format":"json"})"},
        {debug, "debug/resolved",
         R"({"table":"simple_primary_key","sql":"select * from simple_primary_key where \"id\"=:p0",)"
         R"("params":{"p0":"1"},"pks":["id"],"pk_values":["1"]})"},
        {"/fixtures/compound_primary_key/a~2Fb,~2Ec-d.json?_extra=debug", "debug/url_vars/pks", R"("a~2Fb,~2Ec-d")"},
        {"/fixtures/compound_primary_key/a~2Fb,~2Ec-d.json?_extra=debug", "debug/resolved/pk_values", R"(["a/b",".c-d"])"},
        {"/fixtures/no_primary_key/1.json?_extra=debug", "debug/resolved/pks", R"(["rowid"])"},
        {"/fixtures/simple_primary_key/1.json?_extra=render_cell,column_types,private", "render_cell", "[{}]"},
        {"/fixtures/simple_primary_key/1.json?_extra=render_cell,column_types,private", "column_types", "{}"},
        {"/fixtures/simple_primary_key/1.json?_extra=render_cell,column_types,private", "private", "false"},
        {"/fixtures/simple_primary_key/1.json?_extra=database_color", "database_color", R"("9403e5")"},
        {"/fixtures/simple_primary_key/1.json?_extra=request", "request/args", R"({"_extra":["request"]})"},
        {"/fixtures/simple_primary_key/1.json?_extra=metadata", "metadata/columns", "{}"},
        {"/fixtures/simple_primary_key/1.json?_extra=columns", "columns", R"(["id","content"])"},
    });
}

TEST_CASE("row extras: the extras list is the row scope's") {
    Reply reply = get("/fixtures/simple_primary_key/1.json?_extra=extras");
    REQUIRE(reply.status == 200);
    std::string names;
    for (const auto& e : reply.json["extras"].GetArray()) names += std::string(e["name"].GetString()) + " ";
    CHECK(names == "columns primary_keys render_cell debug request query column_types metadata extras database "
                   "table database_color private foreign_key_tables ");
    CHECK(json_at(reply.json, "extras/8") ==
          R"({"name":"extras","description":"Available ?_extra= blocks","toggle_url":)"
          R"("http://localhost/fixtures/simple_primary_key/1.json","selected":true})");
    CHECK(json_at(reply.json, "extras/0/toggle_url") ==
          R"("http://localhost/fixtures/simple_primary_key/1.json?_extra=extras&_extra=columns")");
    // Keys the envelope already has are not written a second time.
    Reply again = get("/fixtures/simple_primary_key/1.json?_extra=database,table,primary_keys");
    CHECK(occurrences(again.body, "\"database\"") == 1);
    CHECK(occurrences(again.body, "\"primary_keys\"") == 1);
}

TEST_CASE("url_vars split the raw path as Datasette's route patterns do") {
    struct UrlCase {
        const char* path;
        api::Route route;
        const char* expected;
    };
    for (const auto& c : std::initializer_list<UrlCase>{
             {"/fixtures/facetable", api::Route::Table, R"({"database": "fixtures", "table": "facetable", "format": null})"},
             {"/fixtures/table~2Fwith~2Fslashes~2Ecsv.json", api::Route::Table,
              R"({"database": "fixtures", "table": "table~2Fwith~2Fslashes~2Ecsv", "format": "json"})"},
             {"/db/t/a.b.json", api::Route::Row, R"({"database": "db", "table": "t", "pks": "a.b", "format": "json"})"},
             {"/db/t/1", api::Route::Row, R"({"database": "db", "table": "t", "pks": "1", "format": null})"},
         }) {
        CAPTURE(c.path);
        Request r = liteserve::testing::make_request("GET", c.path);
        std::string out;
        api::JsonWriter w(out);
        api::write_url_vars(w, r, c.route);
        CHECK(out == c.expected);
    }
}
