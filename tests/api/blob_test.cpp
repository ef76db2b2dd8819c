// .blob downloads (Datasette's blob renderer) for rows, queries, stored queries and views:
// the bytes, the headers, the file name, and the 400/404 answers; to_css_class as a table.
#include "api/blob_view.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "api/digests.h"
#include "app/app.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;
using liteserve::testing::header_of;
using liteserve::testing::make_request;

namespace {

const std::string kFirst("\x15\x1c\x02\xc7\xad\x05\xfe", 7);   // binary_data rowid 1
const std::string kSecond("\x15\x1c\x03\xc7\xad\x05\xfe", 7);  // binary_data rowid 2

const app::App& blob_app() {
    static const std::unique_ptr<app::App> app = [] {
        std::string dir = liteserve::testing::temp_dir();
        app::AppOptions options;
        options.files.push_back({dir + "/fixtures.db", false});
        std::filesystem::copy_file(liteserve::testing::fixtures_db(), options.files.back().path);
        options.config_path = dir + "/config.json";
        std::ofstream(options.config_path)
            << R"({"databases": {"fixtures": {"queries": {"blobs": "select rowid, data from binary_data"}}}})";
        return std::make_unique<app::App>(std::move(options));
    }();
    return *app;
}

Response get(const std::string& target) {
    Request r = make_request("GET", target);
    return blob_app().handle(r);
}

std::string error_of(const Response& r) {
    auto at = r.body.find("\"error\": \"");
    if (at == std::string::npos) return r.body;
    at += 10;
    return r.body.substr(at, r.body.find('"', at) - at);
}

}  // namespace

TEST_CASE("row .blob: the cell's bytes as a download") {
    Response r = get("/fixtures/binary_data/1.blob?_blob_column=data");
    REQUIRE(r.status == 200);
    CHECK(r.body == kFirst);
    CHECK(header_of(r, "content-type") == "application/binary");
    CHECK(header_of(r, "x-content-type-options") == "nosniff");
    CHECK(header_of(r, "content-disposition") == "attachment; filename=\"binary_data-1-data.blob\"");
    CHECK(header_of(r, "cache-control") == "max-age=5");
    CHECK(get("/fixtures/binary_data/2.blob?_blob_column=data").body == kSecond);
    Response null_cell = get("/fixtures/binary_data/3.blob?_blob_column=data");
    CHECK(null_cell.status == 200);
    CHECK(null_cell.body.empty());
}

TEST_CASE("row .blob: errors") {
    struct Case {
        std::string target;
        int status;
        std::string error;
    };
    const std::vector<Case> cases = {
        {"/fixtures/binary_data/1.blob", 400, "?_blob_column= is required"},
        {"/fixtures/binary_data/1.blob?_blob_column=nope", 400, "nope is not a valid column"},
        {"/fixtures/binary_data/99.blob?_blob_column=data", 404, "Row not found"},
        {"/fixtures/nope/1.blob?_blob_column=data", 404, "Table not found"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        Response r = get(c.target);
        CHECK(r.status == c.status);
        CHECK(error_of(r) == c.error);
    }
}

TEST_CASE("query .blob: the first row, or the row whose cell has the _blob_hash") {
    Response first = get("/fixtures/-/query.blob?sql=select+data+from+binary_data+order+by+rowid&_blob_column=data");
    REQUIRE(first.status == 200);
    CHECK(first.body == kFirst);
    CHECK(header_of(first, "content-disposition") == "attachment; filename=\"data.blob\"");
    CHECK(header_of(first, "cache-control") == "(absent)");

    std::string hash = api::sha256_hex(kSecond);
    Response second = get("/fixtures/-/query.blob?sql=select+data+from+binary_data&_blob_column=data&_blob_hash=" + hash);
    REQUIRE(second.status == 200);
    CHECK(second.body == kSecond);
    CHECK(header_of(second, "content-disposition") == "attachment; filename=\"data-" + hash.substr(0, 6) + ".blob\"");

    Response gone = get("/fixtures/-/query.blob?sql=select+data+from+binary_data&_blob_column=data&_blob_hash=00");
    CHECK(gone.status == 400);
    CHECK(error_of(gone) == "Link has expired - the requested binary content has changed or could not be found.");
    CHECK(get("/fixtures/-/query.blob?sql=select+data+from+binary_data+where+0&_blob_column=data").status == 404);
}

TEST_CASE("stored query and view .blob") {
    std::string hash = api::sha256_hex(kSecond);
    Response stored = get("/fixtures/blobs.blob?_blob_column=data&_blob_hash=" + hash);
    REQUIRE(stored.status == 200);
    CHECK(stored.body == kSecond);
    Response table = get("/fixtures/binary_data.blob?_blob_column=data&_blob_hash=" + hash);
    REQUIRE(table.status == 200);
    CHECK(table.body == kSecond);
    CHECK(header_of(table, "content-disposition") ==
          "attachment; filename=\"binary_data-data-" + hash.substr(0, 6) + ".blob\"");
}

TEST_CASE("to_css_class (Datasette's)") {
    struct Case {
        std::string name;
        std::string css;
    };
    const std::vector<Case> cases = {
        {"binary_data", "binary_data"},
        {"data", "data"},
        {"Table With Space", "Table-With-Space-" + api::md5_hex("Table With Space").substr(0, 6)},
        {"_private", "private-" + api::md5_hex("_private").substr(0, 6)},
        {"a/b.c", "abc-" + api::md5_hex("a/b.c").substr(0, 6)},
        {"1st", "1st-" + api::md5_hex("1st").substr(0, 6)},
        {"--", api::md5_hex("--").substr(0, 6)},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CHECK(api::to_css_class(c.name) == c.css);
    }
}
