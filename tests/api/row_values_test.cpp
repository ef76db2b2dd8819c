// Tables for src/api/row_values.cpp and src/api/insert_request.cpp: JSON → bound values as
// sqlite-utils converts them, Python truthiness, the column lookups, the types "alter" gives
// new columns, and every insert/upsert body error with Datasette's message.
#include "api/row_values.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "api/insert_request.h"
#include "api/write_body.h"

using namespace liteserve;
using namespace liteserve::api;

namespace {

rapidjson::Document parse(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    REQUIRE_FALSE(doc.HasParseError());
    return doc;
}

db::Table table_with(std::vector<std::string> columns, std::vector<std::string> pks) {
    db::Table t;
    t.name = std::string(1, 't');  // (assigning "t" trips a GCC 12 -Wrestrict false positive)
    for (const auto& c : columns) {
        db::Column column;
        column.name = c;
        column.pk = static_cast<int>(std::find(pks.begin(), pks.end(), c) - pks.begin()) + 1;
        if (column.pk > static_cast<int>(pks.size())) column.pk = 0;
        t.columns.push_back(column);
    }
    t.primary_keys = std::move(pks);
    return t;
}

// The messages WriteFailure carries for `body`, or {} when it parses.
std::vector<std::string> insert_errors(const std::string& body, std::int64_t max_rows = 100) {
    try {
        parse_insert_request(parse(body), max_rows);
        return {};
    } catch (const WriteFailure& e) {
        CHECK(e.status() == 400);
        return e.errors();
    }
}

}  // namespace

TEST_CASE("to_value: JSON values as sqlite-utils binds them") {
    struct Case {
        std::string json;
        db::Value expected;
    };
    const std::vector<Case> cases = {
        {"null", nullptr},
        {"true", std::int64_t{1}},
        {"false", std::int64_t{0}},
        {"42", std::int64_t{42}},
        {"-7", std::int64_t{-7}},
        {"9223372036854775807", std::int64_t{9223372036854775807}},
        {"1.5", 1.5},
        {"1.0", 1.0},
        {"1e3", 1000.0},
        {R"("text")", std::string("text")},
        {R"("")", std::string("")},
        {R"("K\u0101k\u0101p\u014d")", std::string("K\xc4\x81k\xc4\x81p\xc5\x8d")},
        {R"({"a": [1, 2]})", std::string(R"({"a": [1, 2]})")},
        {R"(["x","y"])", std::string(R"(["x", "y"])")},
        {R"({"n":"é","f":1.0,"b":true,"z":null,"e":{}})", std::string(R"({"n": "\u00e9", "f": 1.0, "b": true, "z": null, "e": {}})")},
        {"[]", std::string("[]")},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        CHECK(to_value(parse(c.json)) == c.expected);
    }
    CHECK_THROWS_WITH_AS(to_value(parse("18446744073709551615")),
                         "Python int too large to convert to SQLite INTEGER", WriteFailure);
}

TEST_CASE("truthy: Python's truth value") {
    for (const char* falsy : {"null", "false", "0", "0.0", R"("")", "[]", "{}"}) {
        CAPTURE(falsy);
        CHECK_FALSE(truthy(parse(falsy)));
    }
    for (const char* truth : {"true", "1", "-1", "0.5", R"("no")", R"("false")", "[0]", R"({"a":0})"}) {
        CAPTURE(truth);
        CHECK(truthy(parse(truth)));
    }
}

TEST_CASE("row_values: a repeated key keeps its first place and its last value") {
    RowValues row = row_values(parse(R"({"a": 1, "b": "x", "a": 2})"));
    CHECK(row.columns == std::vector<std::string>{"a", "b"});
    CHECK(row.values == std::vector<db::Value>{std::int64_t{2}, std::string("x")});
    CHECK(row.find("b") == 1);
    CHECK_FALSE(row.find("c"));
    auto body = parse(R"({"return": true, "x": 1, "return": false})");
    CHECK_FALSE(truthy(*json_member(body, "return")));
    CHECK(json_member(body, "nope") == nullptr);
}

TEST_CASE("column lookups: key columns, exact names for rows, SQLite's spelling for updates") {
    db::Table keyed = table_with({"id", "content"}, {"id"});
    db::Table rowid = table_with({"a", "b"}, {});
    CHECK(key_columns(keyed) == std::vector<std::string>{"id"});
    CHECK(key_columns(rowid) == std::vector<std::string>{"rowid"});
    CHECK(is_table_column(keyed, "content"));
    CHECK_FALSE(is_table_column(keyed, "Content"));
    CHECK_FALSE(is_table_column(keyed, "rowid"));
    CHECK(is_table_column(rowid, "rowid"));
    CHECK(catalog_column(keyed, "CONTENT") == "content");
    CHECK(catalog_column(keyed, "RowId") == "rowid");
    CHECK_FALSE(catalog_column(keyed, "nope"));
    db::Table hidden = table_with({"a", "g"}, {});
    hidden.columns[1].hidden = 2;  // a generated column: not writable
    CHECK_FALSE(is_table_column(hidden, "g"));
    CHECK_FALSE(catalog_column(hidden, "g"));
}

TEST_CASE("row checks: Datasette's per-row messages") {
    db::Table keyed = table_with({"id", "content"}, {"id"});
    db::Table compound = table_with({"pk1", "pk2", "content"}, {"pk1", "pk2"});
    CHECK(invalid_columns_error(0, keyed, row_values(parse(R"({"content": 1, "zz": 1, "extra": 2})"))) ==
          "Row 0 has invalid columns: extra, zz");
    CHECK_FALSE(invalid_columns_error(0, keyed, row_values(parse(R"({"id": 1, "content": 1})"))));
    CHECK(missing_keys_error(1, keyed, row_values(parse(R"({"content": 1})"))) ==
          "Row 1 is missing primary key column(s): \"id\"");
    CHECK(missing_keys_error(0, compound, row_values(parse("{}"))) ==
          "Row 0 is missing primary key column(s): \"pk1\", \"pk2\"");
    CHECK(null_keys_error(0, compound, row_values(parse(R"({"pk1": null, "pk2": 1})"))) ==
          "Row 0 has null primary key column(s): \"pk1\"");
}

TEST_CASE("missing_columns: the types sqlite-utils guesses") {
    db::Table t = table_with({"id", "content"}, {"id"});
    auto rows = std::vector<RowValues>{
        row_values(parse(R"({"content": "x", "extra": 1, "ratio": 0.5, "flag": true, "nothing": null,
                             "obj": {"a": 1}, "list": [1], "text": "s", "CONTENT": 3})")),
        row_values(parse(R"({"extra": true, "ratio": 2, "nothing": null, "text": 5, "mixed": null, "Extra": 1})")),
        row_values(parse(R"({"mixed": 2.5})")),
    };
    std::vector<NewColumn> expected = {
        {"extra", "INTEGER"}, {"ratio", "FLOAT"}, {"flag", "INTEGER"}, {"nothing", "TEXT"}, {"obj", "TEXT"},
        {"list", "TEXT"},     {"text", "TEXT"},   {"mixed", "FLOAT"},
    };
    CHECK(missing_columns(t, rows) == expected);
}

TEST_CASE("parse_insert_request: every shape error, in Datasette's order and words") {
    struct Case {
        std::string body;
        std::string error;
    };
    const std::vector<Case> cases = {
        {"{}", "JSON must have one or other of \"row\" or \"rows\""},
        {R"({"blah": 1})", "JSON must have one or other of \"row\" or \"rows\""},
        {R"({"row": {}, "rows": []})", "Cannot use \"row\" and \"rows\" at the same time"},
        {R"({"row": "blah"})", "\"row\" must be a dictionary"},
        {R"({"row": [1]})", "\"row\" must be a dictionary"},
        {R"({"row": null})", "\"row\" must be a dictionary"},
        {R"({"rows": "blah"})", "\"rows\" must be a list"},
        {R"({"rows": {"a": 1}})", "\"rows\" must be a list"},
        {R"({"rows": ["blah"]})", "\"rows\" must be a list of dictionaries"},
        {R"({"rows": [{}, [1]]})", "\"rows\" must be a list of dictionaries"},
        {R"({"rows": [{}, {}, {}, {}]})", "Too many rows, maximum allowed is 3"},
        {R"({"rows": [], "bogus": 1})", "Invalid parameter: \"bogus\""},
        {R"({"rows": [], "zz": 1, "aa": 2, "return": true})", "Invalid parameter: \"aa\", \"zz\""},
        {R"({"rows": [], "ignore": true, "replace": 1})", "Cannot use \"ignore\" and \"replace\" at the same time"},
        {R"({"rows": [{"a": 18446744073709551615}]})", "Python int too large to convert to SQLite INTEGER"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body);
        CHECK(insert_errors(c.body, 3) == std::vector<std::string>{c.error});
    }
}

TEST_CASE("parse_insert_request: flags and rows") {
    auto single = parse_insert_request(parse(R"({"row": {"a": 1}, "return": false})"), 100);
    CHECK(single.return_rows);  // a single row is always returned, as Datasette does
    CHECK(single.rows.size() == 1);
    auto many = parse_insert_request(parse(R"({"rows": [{"a": 1}, {"b": 2}], "ignore": 1, "alter": "yes"})"), 100);
    CHECK_FALSE(many.return_rows);
    CHECK(many.ignore);
    CHECK_FALSE(many.replace);
    CHECK(many.alter);
    CHECK(many.rows.size() == 2);
    CHECK(parse_insert_request(parse(R"({"rows": [], "replace": true, "ignore": false})"), 100).replace);
}

TEST_CASE("row_errors: every row is reported; alter allows new columns") {
    db::Table t = table_with({"id", "content"}, {"id"});
    auto request = parse_insert_request(parse(R"({"rows": [{"content": 1, "bad": 1}, {"id": null}, {"worse": 2}]})"), 100);
    CHECK(row_errors(request, t, InsertMode::Insert) ==
          std::vector<std::string>{"Row 0 has invalid columns: bad", "Row 2 has invalid columns: worse"});
    CHECK(row_errors(request, t, InsertMode::Upsert) ==
          std::vector<std::string>{"Row 0 is missing primary key column(s): \"id\"", "Row 0 has invalid columns: bad",
                                   "Row 1 has null primary key column(s): \"id\"",
                                   "Row 2 is missing primary key column(s): \"id\"", "Row 2 has invalid columns: worse"});
    request.alter = true;
    CHECK(row_errors(request, t, InsertMode::Insert).empty());
}
