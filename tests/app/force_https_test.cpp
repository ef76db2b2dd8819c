// force_https_urls seen through in-process requests: absolute URLs in answers use https.
#include "app/app.h"

#include <doctest/doctest.h>

#include <filesystem>

#include <rapidjson/document.h>

#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;

namespace {

std::unique_ptr<app::App> app_with(const char* name, const char* value) {
    std::string path = testing::temp_dir() + "/fixtures.db";
    std::filesystem::copy_file(testing::fixtures_db(), path);
    app::AppOptions options;
    options.files.push_back({path, false});
    config::apply_setting(options.settings, name, value);
    return std::make_unique<app::App>(std::move(options));
}

std::string next_url(const app::App& app) {
    Request r = testing::make_request("GET", "/fixtures/facetable.json?_size=1&_extra=next_url");
    Response response = app.handle(r);
    rapidjson::Document doc;
    doc.Parse(response.body.c_str());
    return doc["next_url"].GetString();
}

}  // namespace

TEST_CASE("force_https_urls makes absolute URLs https") {
    CHECK(next_url(*app_with("force_https_urls", "off")).rfind("http://localhost/", 0) == 0);
    CHECK(next_url(*app_with("force_https_urls", "on")).rfind("https://localhost/", 0) == 0);
}
