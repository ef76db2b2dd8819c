// ?_through= on the fixtures' many-to-many tables: the rows linked through a join table,
// the SQL it adds, and a 400 naming each malformed argument.
#include "app/app.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <rapidjson/document.h>

#include "api/query_args.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;

namespace {

const app::App& through_app() {
    static const std::unique_ptr<app::App> app = [] {
        std::string path = testing::temp_dir() + "/fixtures.db";
        std::filesystem::copy_file(testing::fixtures_db(), path);
        app::AppOptions options;
        options.files.push_back({path, false});
        return std::make_unique<app::App>(std::move(options));
    }();
    return *app;
}

Response get(const std::string& path, const std::string& through) {
    Request request = testing::make_request("GET", path + "?_through=" + api::url_quote_plus(through) +
                                                       "&_extra=query,human_description_en");
    return through_app().handle(request);
}

}  // namespace

TEST_CASE("_through selects the rows a join table links to a value") {
    Response r = get("/fixtures/roadside_attractions.json",
                     R"({"table": "roadside_attraction_characteristics", "column": "characteristic_id", "value": "1"})");
    REQUIRE(r.status == 200);
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    std::vector<std::int64_t> pks;
    for (const auto& row : doc["rows"].GetArray()) pks.push_back(row["pk"].GetInt64());
    CHECK(pks == std::vector<std::int64_t>{3, 4});
    CHECK(std::string(doc["query"]["sql"].GetString()).find(
              "pk in (select attraction_id from roadside_attraction_characteristics where characteristic_id = :p0)") !=
          std::string::npos);
    CHECK(std::string(doc["query"]["params"]["p0"].GetString()) == "1");
    CHECK(std::string(doc["human_description_en"].GetString()) ==
          "where roadside_attraction_characteristics.characteristic_id = \"1\"");
}

TEST_CASE("a malformed _through is a 400 that names the problem") {
    struct Case {
        const char* through;
        const char* message;
    };
    const Case cases[] = {
        {"not json", "_through must be a JSON object with \"table\", \"column\" and \"value\""},
        {R"({"column": "characteristic_id", "value": 1})", "_through needs a \"table\" string"},
        {R"({"table": "nope", "column": "x", "value": 1})", "_through table not found: nope"},
        // Datasette runs the query and reports SQLite's error (title "Invalid SQL", checked below).
        {R"({"table": "roadside_attraction_characteristics", "column": "nope", "value": 1})",
         "no such column: nope"},
        // The foreign key is looked for before the column.
        {R"({"table": "tags", "column": "nope", "value": "x"})",
         "Invalid _through - could not find corresponding foreign key"},
        {R"({"table": "roadside_attraction_characteristics", "column": "characteristic_id"})",
         "_through needs a \"value\""},
        {R"({"table": "tags", "column": "tag", "value": "x"})",
         "Invalid _through - could not find corresponding foreign key"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.through);
        Response r = get("/fixtures/roadside_attractions.json", c.through);
        CHECK(r.status == 400);
        rapidjson::Document doc;
        doc.Parse(r.body.c_str());
        REQUIRE(doc.IsObject());
        CHECK(std::string(doc["error"].GetString()) == c.message);
        bool sql_error = std::string(c.message).starts_with("no such column");
        CHECK(doc["title"].IsString() == sql_error);
        if (sql_error) CHECK(std::string(doc["title"].GetString()) == "Invalid SQL");
    }
}
