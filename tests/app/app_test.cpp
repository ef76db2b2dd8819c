// Tests for src/app/app.cpp: Datasette's database naming, and App start-up errors as the
// one-line runtime_error messages the CLI prints.
#include "app/app.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/fixture_db.h"

using namespace liteserve;
using namespace liteserve::app;

namespace {

std::string start_error(AppOptions options) {
    try {
        App app(std::move(options));
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "no error";
}

AppOptions with_file(const std::string& path, bool immutable = false) {
    AppOptions options;
    options.files.push_back({path, immutable});
    return options;
}

std::string copy_fixtures(const std::string& dir, const std::string& name) {
    std::string path = dir + "/" + name;
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), path);
    return path;
}

Response get(const App& app, const std::string& target) {
    Request request;
    request.method = "GET";
    request.target = target;
    auto q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? "" : target.substr(q + 1);
    request.headers = {{"host", "localhost"}};
    return app.handle(request);
}

}  // namespace

TEST_CASE("database_names: file stems, repeats numbered from _2") {
    struct Case {
        std::vector<std::string> paths;
        std::vector<std::string> names;
    };
    const std::vector<Case> cases = {
        {{}, {}},
        {{"fixtures.db"}, {"fixtures"}},
        {{"/data/dir.v2/events.sqlite3"}, {"events"}},
        {{"my.data.db"}, {"my.data"}},
        {{"noext"}, {"noext"}},
        {{"a/x.db", "b/x.db", "x.sqlite"}, {"x", "x_2", "x_3"}},
        {{"x.db", "y.db", "x.db"}, {"x", "y", "x_2"}},
        // A file whose own stem is taken by a numbered name is numbered further.
        {{"x.db", "x_2.db", "x.db"}, {"x", "x_2", "x_3"}},
        {{"x.db", "x.db", "x_2.db"}, {"x", "x_2", "x_2_2"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.paths.size());
        CHECK(database_names(c.paths) == c.names);
    }
}

TEST_CASE("App: a missing file is an error unless --create") {
    std::string dir = liteserve::testing::temp_dir();
    std::string missing = dir + "/missing.db";
    CHECK(start_error(with_file(missing)) ==
          "Database file does not exist: " + missing + " (use --create to create it)");
    CHECK_FALSE(std::filesystem::exists(missing));

    // Immutable files are never created.
    AppOptions immutable = with_file(missing, true);
    immutable.create = true;
    CHECK(start_error(immutable) == "Database file does not exist: " + missing + " (use --create to create it)");

    AppOptions create = with_file(missing);
    create.create = true;
    App app(create);
    CHECK(std::filesystem::exists(missing));
    Response r = get(app, "/-/databases.json");
    CHECK(r.status == 200);
    CHECK(r.body.find(R"("name": "missing")") != std::string::npos);
}

TEST_CASE("App: a file that is not SQLite is an error naming the file") {
    std::string dir = liteserve::testing::temp_dir();
    std::string text = dir + "/notes.db";
    std::ofstream(text) << "These are notes, not a database. They are long enough to fill a header.\n"
                           "Some more text here so the file is over a hundred bytes long in total.\n";
    std::string message = start_error(with_file(text));
    CAPTURE(message);
    CHECK(message.rfind("Cannot open " + text + " as a SQLite database: ", 0) == 0);
    CHECK(message.find("file is not a database") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);

    // The same for an immutable open, and when the bad file follows a good one.
    CHECK(start_error(with_file(text, true)).rfind("Cannot open " + text, 0) == 0);
    AppOptions two = with_file(copy_fixtures(dir, "fixtures.db"));
    two.files.push_back({text, false});
    CHECK(start_error(two).rfind("Cannot open " + text, 0) == 0);
}

TEST_CASE("App: an invalid config file is a runtime_error naming it") {
    std::string dir = liteserve::testing::temp_dir();
    std::string config = dir + "/config.json";
    std::ofstream(config) << R"({"databases": {"fixtures": {"tables": {"facetable": {"size": "big"}}}}})";
    AppOptions options = with_file(copy_fixtures(dir, "fixtures.db"));
    options.config_path = config;
    CHECK(start_error(options) == config + ": databases.fixtures.tables.facetable.size must be a positive integer");

    options.config_path.clear();
    options.metadata_path = dir + "/absent.json";
    CHECK(start_error(options) == dir + "/absent.json: cannot be read");
}

TEST_CASE("App: databases are named and listed in command-line order") {
    std::string dir = liteserve::testing::temp_dir();
    std::filesystem::create_directory(dir + "/other");
    AppOptions options = with_file(copy_fixtures(dir, "fixtures.db"));
    options.files.push_back({copy_fixtures(dir + "/other", "fixtures.db"), true});
    options.memory = true;
    App app(options);
    Response r = get(app, "/-/databases.json");
    REQUIRE(r.status == 200);
    auto fixtures = r.body.find(R"("name": "fixtures", "route": "fixtures")");
    auto fixtures_2 = r.body.find(R"("name": "fixtures_2", "route": "fixtures_2")");
    auto memory = r.body.find(R"("name": "_memory", "route": "_memory", "path": null)");
    CHECK(fixtures != std::string::npos);
    CHECK(fixtures_2 != std::string::npos);
    CHECK(memory != std::string::npos);
    CHECK(fixtures < fixtures_2);
    CHECK(fixtures_2 < memory);
    CHECK(get(app, "/fixtures_2/facetable.json").status == 200);
}

TEST_CASE("App: with no files it serves an in-memory database") {
    App app(AppOptions{});
    Response r = get(app, "/-/databases.json");
    CHECK(r.status == 200);
    CHECK(r.body == R"([{"name": "_memory", "route": "_memory", "path": null, "size": 0, "is_mutable": false, )"
                    R"("is_memory": true, "hash": null}])");
    CHECK(get(app, "/_memory/-/query.json?sql=select+1").status == 200);
}
