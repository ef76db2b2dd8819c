// Tests for src/api/csv.cpp: fields and values as Python's csv.writer (QUOTE_MINIMAL) writes
// them, row endings, the header with label columns, and Datasette's BLOB links.
#include "api/csv.h"
#include "support/requests.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace liteserve;
using namespace liteserve::api;

namespace {

// One row of `values` as csv.writer([...]).writerow would write it.
std::string csv_row(const std::vector<db::Value>& values) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        append_csv_value(out, values[i]);
    }
    end_csv_row(out, 0, values.size());
    return out;
}

Request request_for(const std::string& target) {
    return liteserve::testing::make_request("GET", target, {{"host", "localhost:8001"}});
}

}  // namespace

TEST_CASE("csv: each value as Python's csv.writer writes str(value)") {
    const double inf = std::numeric_limits<double>::infinity();
    struct Case {
        const char* name;
        db::Value value;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"plain", std::string("hello"), "hello"},
        {"comma", std::string("a,b"), "\"a,b\""},
        {"quote", std::string("say \"hi\""), "\"say \"\"hi\"\"\""},
        {"lone quote", std::string("\""), "\"\"\"\""},
        {"CR", std::string("a\rb"), "\"a\rb\""},
        {"LF", std::string("a\nb"), "\"a\nb\""},
        {"CRLF", std::string("a\r\nb"), "\"a\r\nb\""},
        {"leading space stays bare", std::string(" a"), " a"},
        {"semicolon and tab stay bare", std::string("a;b\tc"), "a;b\tc"},
        {"single quote stays bare", std::string("it's"), "it's"},
        {"empty text", std::string(""), ""},
        {"NULL", nullptr, ""},
        {"integer", std::int64_t{42}, "42"},
        {"negative integer", std::int64_t{-9223372036854775807LL - 1}, "-9223372036854775808"},
        {"float", 1.5, "1.5"},
        {"float with integral value", 2.0, "2.0"},
        {"large float", 1e16, "1e+16"},
        {"small float", 0.0001, "0.0001"},
        {"tiny float", 1e-05, "1e-05"},
        {"inf", inf, "inf"},
        {"-inf", -inf, "-inf"},
        {"unicode", std::string("Zürich ☃ 😀"), "Zürich ☃ 😀"},
        {"unicode with a comma", std::string("é,è"), "\"é,è\""},
        {"ill-formed UTF-8 becomes U+FFFD", std::string("a\xff" "b"), "a\xEF\xBF\xBD" "b"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        std::string out;
        append_csv_value(out, c.value);
        CHECK(out == c.expected);
    }
}

TEST_CASE("csv: rows end with CRLF; a row of one empty field is written \"\"") {
    CHECK(csv_row({std::int64_t{1}, std::string("hello")}) == "1,hello\r\n");
    CHECK(csv_row({std::string("")}) == "\"\"\r\n");
    CHECK(csv_row({nullptr}) == "\"\"\r\n");
    CHECK(csv_row({nullptr, nullptr}) == ",\r\n");
    CHECK(csv_row({}) == "\r\n");
    // The field count decides, not the text written so far in the buffer.
    std::string out = "earlier\r\n";
    std::size_t start = out.size();
    append_csv_value(out, nullptr);
    end_csv_row(out, start, 1);
    CHECK(out == "earlier\r\n\"\"\r\n");
}

TEST_CASE("csv: the header names every column, and a labelled one twice") {
    std::string out;
    CsvEncoder({{"pk", "city_id", "name, full"}, {1}, true, {}}).begin(out);
    CHECK(out == "pk,city_id,city_id_label,\"name, full\"\r\n");

    out.clear();
    CsvEncoder({{"pk"}, {}, false, {}}).begin(out);
    CHECK(out.empty());
}

TEST_CASE("csv: an error after the rows started is written as the last text, as Datasette") {
    std::string out = "a\r\n1\r\n";
    CsvEncoder encoder({{"a"}, {}, true, {}});
    CHECK(encoder.append_error(out, "CSV contains more than 10 bytes"));
    CHECK(out == "a\r\n1\r\nCSV contains more than 10 bytes");
}

TEST_CASE("csv: BLOB links point at the .blob download, as Datasette's") {
    SUBCASE("table rows: the row's key path and the column") {
        auto links = CsvBlobLinks::for_table(request_for("/fixtures/binary_data.csv"), "fixtures", "binary_data", {0});
        CHECK(links.link("data", {std::int64_t{1}}, "\x15") ==
              "http://localhost:8001/fixtures/binary_data/1.blob?_blob_column=data");
        auto compound = CsvBlobLinks::for_table(request_for("/d/t.csv"), "d", "a/b", {0, 1});
        CHECK(compound.link("my col", {std::string("x,y"), std::int64_t{2}}, "") ==
              "http://localhost:8001/d/a~2Fb/x~2Cy,2.blob?_blob_column=my+col");
    }
    SUBCASE("queries: the request with .blob, the column and the SHA-256 of the value") {
        auto links = CsvBlobLinks::for_query(request_for("/fixtures/-/query.csv?sql=select+data+from+binary_data"));
        CHECK(links.link("data", {}, "abc") ==
              "http://localhost:8001/fixtures/-/query.blob?sql=select+data+from+binary_data&_blob_column=data"
              "&_blob_hash=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
    SUBCASE("without a query string Datasette's own _nofacet=1 stays in the link") {
        auto links = CsvBlobLinks::for_query(request_for("/fixtures/some_view.csv"));
        CHECK(links.link("b", {}, "abc") ==
              "http://localhost:8001/fixtures/some_view.blob?_nofacet=1&_blob_column=b"
              "&_blob_hash=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
