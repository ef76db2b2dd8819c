// In-process view tests: an App over a copy of the fixtures database answers Requests
// through App::handle, with no socket. Each case checks status, content type and the
// parsed JSON; expectations follow Datasette 1.0's recorded answers for the same URLs.
#include "app/app.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/query_args.h"
#include "db/connection.h"
#include "support/config_files.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;

namespace {

using Json = rapidjson::Value;

// A copy of the fixtures database named fixtures.db, so the database is called "fixtures".
std::string fixtures_copy() {
    std::string path = liteserve::testing::temp_dir() + "/fixtures.db";
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), path);
    return path;
}

std::unique_ptr<app::App> make_app(const std::vector<std::pair<std::string, std::string>>& settings = {}) {
    app::AppOptions options;
    options.files.push_back({fixtures_copy(), false});
    for (const auto& [name, value] : settings) config::apply_setting(options.settings, name, value);
    return std::make_unique<app::App>(std::move(options));
}

// The App with default settings, shared by the tests that only read.
const app::App& fixtures_app() {
    static const std::unique_ptr<app::App> app = make_app();
    return *app;
}

struct Reply {
    Response response;
    rapidjson::Document json;  // the parsed body; IsNull() when it was not JSON

    int status() const { return response.status; }
    std::string header(std::string_view name) const {
        const std::string* value = response.find_header(name);
        return value ? *value : "(absent)";
    }
    const std::string& body() const { return response.body; }
};

Reply request(const app::App& app, const std::string& method, const std::string& target) {
    Request r = liteserve::testing::make_request(method, target);
    Reply reply{app.handle(r), {}};
    // Python's json.dumps writes Infinity for _json_infinity, so the parse accepts it.
    reply.json.Parse<rapidjson::kParseNanAndInfFlag>(reply.response.body.c_str());
    if (reply.json.HasParseError()) reply.json.SetNull();
    return reply;
}

Reply get(const std::string& target) { return request(fixtures_app(), "GET", target); }

// Follows a path such as "rows/0/pk" through objects and arrays; fails the test when absent.
const Json& at(const Json& root, std::string_view path) {
    const Json* v = &root;
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string part(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
        // FAIL only when the path is absent, so lookups do not count as assertions.
        if (v->IsArray()) {
            std::size_t i = std::stoul(part);
            if (i >= v->Size()) FAIL("index " << part << " out of range");
            v = &(*v)[static_cast<rapidjson::SizeType>(i)];
        } else {
            if (!v->IsObject()) FAIL("not an object at " << part);
            auto it = v->FindMember(part.c_str());
            if (it == v->MemberEnd()) FAIL("missing key " << part);
            v = &it->value;
        }
    }
    return *v;
}

// Compact JSON text of a value, for comparing whole sub-trees in one CHECK.
std::string dump(const Json& v) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator,
                      rapidjson::kWriteNanAndInfFlag>
        writer(buffer);
    v.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string dump_at(const Json& root, std::string_view path) { return dump(at(root, path)); }

// One field of every row of an objects-shaped page, as compact JSON, comma-separated.
std::string column(const Json& page, const char* name) {
    std::string out;
    for (const auto& row : at(page, "rows").GetArray()) out += (out.empty() ? "" : ",") + dump_at(row, name);
    return out;
}

// The target of a Link: <http://localhost/…>; rel="next" header, without scheme and host.
std::string link_target(const Reply& reply) {
    std::string link = reply.header("link");
    const std::string prefix = "<http://localhost";
    REQUIRE_MESSAGE(link.rfind(prefix, 0) == 0, "unexpected link: " << link);
    auto end = link.find(">; rel=\"next\"");
    REQUIRE(end != std::string::npos);
    return link.substr(prefix.size(), end - prefix.size());
}

// Rows of a query on the fixtures file, each row's columns joined by '/'.
std::vector<std::string> sqlite_rows(const std::string& sql) {
    db::Connection conn(liteserve::testing::fixtures_db(), db::OpenMode::ReadOnly);
    auto stmt = conn.prepare(sql);
    std::vector<std::string> rows;
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) {
            auto* text = sqlite3_column_text(stmt.get(), i);
            row += (i ? "/" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
        rows.push_back(row);
    }
    return rows;
}

std::string joined(const std::vector<std::string>& rows) {
    std::string out;
    for (const auto& r : rows) out += (out.empty() ? "" : ",") + r;
    return out;
}

// Follows "next" from `first` to the end; returns every row's `keys` joined by '/'.
std::vector<std::string> walk(const std::string& first, const std::vector<const char*>& keys,
                              int* pages = nullptr) {
    std::vector<std::string> rows;
    std::string target = first;
    for (int page = 1; page <= 200; ++page) {
        CAPTURE(target);
        Reply reply = get(target);
        REQUIRE(reply.status() == 200);
        for (const auto& row : at(reply.json, "rows").GetArray()) {
            std::string key;
            for (const char* k : keys) {
                const Json& v = at(row, k);
                key += (key.empty() ? "" : "/") + (v.IsString() ? std::string(v.GetString()) : v.IsNull() ? "NULL" : dump(v));
            }
            rows.push_back(key);
        }
        const Json& next = at(reply.json, "next");
        if (next.IsNull()) {
            CHECK(reply.header("link") == "(absent)");
            if (pages) *pages = page;
            return rows;
        }
        // The Link header carries the same token, URL-encoded.
        target = link_target(reply);
        CHECK(target.find("_next=" + api::url_quote_plus(next.GetString())) != std::string::npos);
    }
    FAIL("next never became null");
    return rows;
}

void check_json_error(const Reply& reply, int status, const std::string& message, const char* title = nullptr) {
    CHECK(reply.status() == status);
    CHECK(reply.header("content-type") == "application/json; charset=utf-8");
    std::string expected = R"({"ok":false,"error":)" + dump(Json(rapidjson::StringRef(message.c_str()))) +
                           R"(,"status":)" + std::to_string(status) + R"(,"title":)" +
                           (title ? "\"" + std::string(title) + "\"" : "null") + "}";
    CHECK(dump(reply.json) == expected);
}

constexpr const char* kJson = "application/json; charset=utf-8";

}  // namespace

TEST_CASE("views: /.json lists the database and its biggest tables") {
    Reply r = get("/.json");
    REQUIRE(r.status() == 200);
    CHECK(r.header("content-type") == kJson);
    const Json& db = at(r.json, "databases/fixtures");
    CHECK(dump_at(db, "name") == R"("fixtures")");
    CHECK(dump_at(db, "path") == R"("/fixtures")");
    CHECK(dump_at(db, "color") == R"("9403e5")");
    std::string shown;
    for (const auto& t : at(db, "tables_and_views_truncated").GetArray())
        shown += dump_at(t, "name") + "=" + dump_at(t, "count") + " ";
    // Largest first; ties in creation order. Without a config nothing but FTS is hidden.
    CHECK(shown == R"("compound_three_primary_keys"=1001 "no_primary_key"=202 "sortable"=201 "facetable"=15 )"
                   R"("simple_primary_key"=5 )");
    CHECK(dump_at(db, "tables_and_views_more") == "true");
    CHECK(dump_at(db, "tables_count") == "24");
    CHECK(dump_at(db, "table_rows_sum") == "1462");
    CHECK(dump_at(db, "hidden_tables_count") == "5");
    CHECK(dump_at(db, "hidden_table_rows_sum") == "9");
    CHECK(dump_at(db, "views_count") == "4");
    CHECK(dump_at(r.json, "metadata") == "{}");

    // ?_sort=relationships: most foreign keys (in and out) first, then rows, then name, all
    // descending, as Datasette's IndexView sorts them. Compound foreign keys are not counted
    // (Datasette leaves them out of a table's foreign keys: see /fixtures.json).
    Reply related = get("/.json?_sort=relationships");
    shown.clear();
    for (const auto& t : at(related.json, "databases/fixtures/tables_and_views_truncated").GetArray())
        shown += dump_at(t, "name") + "=" + dump_at(t, "num_relationships_for_sorting") + " ";
    CHECK(shown == R"("simple_primary_key"=5 "foreign_key_references"=3 "complex_foreign_keys"=3 )"
                   R"("roadside_attraction_characteristics"=2 "searchable_tags"=2 )");
}

TEST_CASE("views: /-/databases.json and /-/settings.json") {
    Reply dbs = get("/-/databases.json");
    REQUIRE(dbs.status() == 200);
    CHECK(dbs.header("content-type") == kJson);
    REQUIRE(at(dbs.json, "").Size() == 1);
    CHECK(dump_at(dbs.json, "0/name") == R"("fixtures")");
    CHECK(dump_at(dbs.json, "0/route") == R"("fixtures")");
    CHECK(dump_at(dbs.json, "0/is_mutable") == "true");
    CHECK(dump_at(dbs.json, "0/is_memory") == "false");
    CHECK(at(dbs.json, "0/size").GetInt64() == static_cast<std::int64_t>(
                                                    std::filesystem::file_size(liteserve::testing::fixtures_db())));

    Reply settings = get("/-/settings.json");
    REQUIRE(settings.status() == 200);
    CHECK(settings.header("content-type") == kJson);
    CHECK(at(settings.json, "").MemberCount() == 23);
    CHECK(dump_at(settings.json, "default_page_size") == "100");
    CHECK(dump_at(settings.json, "max_returned_rows") == "1000");
    CHECK(dump_at(settings.json, "base_url") == R"("/")");
    CHECK_FALSE(at(settings.json, "").HasMember("max_body_kb"));  // liteserve's own limits are not shown

    auto small = make_app({{"max_returned_rows", "10"}, {"default_page_size", "5"}, {"allow_facet", "off"}});
    Reply changed = request(*small, "GET", "/-/settings.json");
    CHECK(dump_at(changed.json, "max_returned_rows") == "10");
    CHECK(dump_at(changed.json, "default_page_size") == "5");
    CHECK(dump_at(changed.json, "allow_facet") == "false");
}

TEST_CASE("views: /fixtures.json describes tables, views and columns") {
    Reply r = get("/fixtures.json");
    REQUIRE(r.status() == 200);
    CHECK(r.header("content-type") == kJson);
    CHECK(dump_at(r.json, "ok") == "true");
    CHECK(dump_at(r.json, "database") == R"("fixtures")");
    CHECK(dump_at(r.json, "path") == R"("/fixtures")");
    CHECK(at(r.json, "tables").Size() == 29);
    const Json* facetable = nullptr;
    std::string hidden;
    for (const auto& t : at(r.json, "tables").GetArray()) {
        if (dump_at(t, "name") == R"("facetable")") facetable = &t;
        if (at(t, "hidden").GetBool()) hidden += dump_at(t, "name") + " ";
    }
    REQUIRE(facetable != nullptr);
    CHECK(dump_at(*facetable, "count") == "15");
    CHECK(dump_at(*facetable, "primary_keys") == R"(["pk"])");
    CHECK(dump_at(*facetable, "foreign_keys/outgoing") ==
          R"([{"other_table":"facet_cities","column":"_city_id","other_column":"id"}])");
    CHECK(hidden == R"("searchable_fts" "searchable_fts_config" "searchable_fts_data" "searchable_fts_docsize" )"
                    R"("searchable_fts_idx" )");
    CHECK(dump_at(r.json, "hidden_count") == "5");
    CHECK(dump_at(r.json, "views") ==
          R"([{"name":"paginated_view","private":false},{"name":"searchable_view","private":false},)"
          R"({"name":"searchable_view_configured_by_metadata","private":false},{"name":"simple_view","private":false}])");
    CHECK(dump_at(r.json, "table_columns/facet_cities") == R"(["id","name"])");
    CHECK(dump_at(r.json, "queries") == "[]");
    CHECK(dump_at(r.json, "allow_execute_sql") == "true");
}

TEST_CASE("views: a table's default page") {
    Reply r = get("/fixtures/facetable.json");
    REQUIRE(r.status() == 200);
    CHECK(r.header("content-type") == kJson);
    CHECK(r.header("cache-control") == "max-age=5");
    CHECK(r.header("referrer-policy") == "no-referrer");
    CHECK(r.header("link") == "(absent)");
    CHECK(dump_at(r.json, "ok") == "true");
    CHECK(dump_at(r.json, "next") == "null");
    CHECK(dump_at(r.json, "truncated") == "false");
    CHECK(column(r.json, "pk") == "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15");
    CHECK(dump_at(r.json, "rows/0") ==
          R"({"pk":1,"created":"2019-01-14 08:00:00","planet_int":1,"on_earth":1,"state":"CA","_city_id":1,)"
          R"("_neighborhood":"Mission","tags":"[\"tag1\", \"tag2\"]","complex_array":"[{\"foo\": \"bar\"}]",)"
          R"("distinct_some_null":"one","n":"n1"})");
    // The text form is Python's: ", " and ": " separators.
    CHECK(r.body().rfind(R"({"ok": true, "next": null, "rows": [{"pk": 1, "created": )", 0) == 0);

    Reply rowid = get("/fixtures/no_primary_key.json?_size=2");
    CHECK(dump_at(rowid.json, "rows") ==
          R"([{"rowid":1,"content":"1","a":"a1","b":"b1","c":"c1"},{"rowid":2,"content":"2","a":"a2","b":"b2","c":"c2"}])");
    CHECK(dump_at(rowid.json, "next") == R"("2")");
}

TEST_CASE("views: filters") {
    struct Case {
        std::string query;
        std::string pks;
    };
    const std::vector<Case> cases = {
        {"state=CA", "1,2,3,4,5,6,7,8,9,10"},
        {"state=MI&_city_id=3", "11,12,13,14"},
        {"pk__gt=12", "13,14,15"},
        {"pk__lte=2", "1,2"},
        {"pk__in=1,3,99", "1,3"},
        {"pk__in=[2,4]", "2,4"},
        {"state__in=MI,MC", "11,12,13,14,15"},
        {"pk__notin=1,2,3,4,5,6,7,8,9,10", "11,12,13,14,15"},
        {"distinct_some_null__isnull=1", "3,4,5,6,7,8,9,10,11,12,13,14,15"},
        {"distinct_some_null__notnull=1", "1,2"},
        {"_neighborhood__contains=town", "8,10,11,12,13,14"},
        {"_neighborhood__startswith=Hay", "6"},
        {"tags__arraycontains=tag3", "2"},
        {"created__date=2019-01-16", "9,10,11"},
        {"state=XX", ""},
        {"state=CA&pk__gt=8&_sort_desc=pk", "10,9"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.query);
        Reply r = get("/fixtures/facetable.json?" + c.query);
        REQUIRE(r.status() == 200);
        CHECK(column(r.json, "pk") == c.pks);
    }
    // Titled as Datasette titles the SQL error it gets for operators that name the column
    // unquoted (nope__in); for quoted ones SQLite reads "nope" as a string there (a quirk).
    check_json_error(get("/fixtures/facetable.json?nope__gt=1"), 400, "no such column: nope", "Invalid SQL");
    check_json_error(get("/fixtures/facetable.json?nope__in=1,2"), 400, "no such column: nope", "Invalid SQL");
    check_json_error(get("/fixtures/searchable.json?_search=dog&_fts_pk=nope"), 400, "no such column: nope", "Invalid SQL");
}

TEST_CASE("views: _sort and _sort_desc") {
    CHECK(column(get("/fixtures/facetable.json?_sort_desc=pk&_size=3").json, "pk") == "15,14,13");
    CHECK(column(get("/fixtures/facetable.json?_sort=state&_size=6").json, "state") ==
          R"("CA","CA","CA","CA","CA","CA")");
    CHECK(column(get("/fixtures/facetable.json?_sort_desc=state&_size=2").json, "state") == R"("MI","MI")");
    CHECK(column(get("/fixtures/sortable.json?_sort=sortable&_size=5").json, "sortable") ==
          joined(sqlite_rows("select sortable from sortable order by sortable limit 5")));
    CHECK(column(get("/fixtures/sortable.json?_sort_desc=sortable&_size=5").json, "sortable") ==
          joined(sqlite_rows("select sortable from sortable order by sortable desc limit 5")));
    CHECK(column(get("/fixtures/no_primary_key.json?_sort_desc=rowid&_size=2").json, "rowid") == "202,201");
    // Ascending, NULLs come first.
    CHECK(column(get("/fixtures/sortable.json?_sort=sortable_with_nulls&_size=2").json, "sortable_with_nulls") ==
          "null,null");
    check_json_error(get("/fixtures/facetable.json?_sort=nope"), 400, "Cannot sort table by nope");
    check_json_error(get("/fixtures/facetable.json?_sort=state&_sort_desc=pk"), 400,
                     "Cannot use _sort and _sort_desc at the same time");
}

TEST_CASE("views: _size, the next token and the Link header") {
    Reply first = get("/fixtures/facetable.json?_size=5");
    REQUIRE(first.status() == 200);
    CHECK(column(first.json, "pk") == "1,2,3,4,5");
    CHECK(dump_at(first.json, "next") == R"("5")");
    CHECK(first.header("link") == R"(<http://localhost/fixtures/facetable.json?_size=5&_next=5>; rel="next")");

    Reply second = get(link_target(first));
    CHECK(column(second.json, "pk") == "6,7,8,9,10");
    CHECK(second.header("link") == R"(<http://localhost/fixtures/facetable.json?_size=5&_next=10>; rel="next")");
    Reply last = get(link_target(second));
    CHECK(column(last.json, "pk") == "11,12,13,14,15");
    // A full last page has no next page: the extra row fetched to find out was not there.
    CHECK(dump_at(last.json, "next") == "null");
    CHECK(last.header("link") == "(absent)");

    // Sorted pages carry the sort column in the link; text values are tilde-encoded.
    Reply sorted = get("/fixtures/facetable.json?_sort=_neighborhood&_size=2");
    CHECK(dump_at(sorted.json, "next") == R"("Bernal+Heights,5")");
    CHECK(sorted.header("link") ==
          R"(<http://localhost/fixtures/facetable.json?_size=2&_next=Bernal%2BHeights%2C5&_sort=_neighborhood>; rel="next")");

    Reply zero = get("/fixtures/facetable.json?_size=0");
    CHECK(dump_at(zero.json, "rows") == "[]");
    CHECK(at(zero.json, "rows").Size() == 0);
    CHECK(at(get("/fixtures/compound_three_primary_keys.json?_size=max").json, "rows").Size() == 1000);
    check_json_error(get("/fixtures/facetable.json?_size=-1"), 400, "_size must be a positive integer");
    check_json_error(get("/fixtures/facetable.json?_size=1001"), 400, "_size must be <= 1000");
}

TEST_CASE("views: a keyset walk returns every row exactly once, in key order") {
    int pages = 0;
    auto rows = walk("/fixtures/compound_three_primary_keys.json?_size=97&_col=content", {"pk1", "pk2", "pk3"}, &pages);
    auto expected = sqlite_rows("select pk1, pk2, pk3 from compound_three_primary_keys order by pk1, pk2, pk3");
    CHECK(expected.size() == 1001);
    CHECK(pages == 11);
    CHECK(rows == expected);
    CHECK(std::set<std::string>(rows.begin(), rows.end()).size() == rows.size());

    CHECK(walk("/fixtures/no_primary_key.json?_size=30", {"rowid"}) ==
          sqlite_rows("select rowid from no_primary_key order by rowid"));
    CHECK(walk("/fixtures/facetable.json?state=CA&_size=3", {"pk"}) ==
          std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
    CHECK(walk("/fixtures/compound_primary_key.json?_size=1", {"pk1", "pk2"}) ==
          std::vector<std::string>{"a/b", "a/b/.c-d", "d/e"});
}

TEST_CASE("views: sorted keyset walks, across NULLs and the text \"$null\"") {
    struct Case {
        std::string query;
        std::string order_by;
    };
    const std::vector<Case> cases = {
        {"_sort=sortable", "sortable, pk1, pk2"},
        {"_sort_desc=sortable", "sortable desc, pk1, pk2"},
        {"_sort=sortable_with_nulls", "sortable_with_nulls, pk1, pk2"},
        {"_sort_desc=sortable_with_nulls", "sortable_with_nulls desc, pk1, pk2"},
        {"_sort=sortable_with_nulls_2", "sortable_with_nulls_2, pk1, pk2"},
        {"_sort_desc=sortable_with_nulls_2", "sortable_with_nulls_2 desc, pk1, pk2"},
        // Text "$null" values must not be mistaken for the NULL marker in tokens.
        {"_sort=text", "text, pk1, pk2"},
        {"_sort_desc=text", "text desc, pk1, pk2"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.query);
        auto rows = walk("/fixtures/sortable.json?_size=9&_col=content&" + c.query, {"pk1", "pk2"});
        CHECK(rows == sqlite_rows("select pk1, pk2 from sortable order by " + c.order_by));
    }
}

TEST_CASE("views: a view pages by offset") {
    Reply first = get("/fixtures/paginated_view.json?_size=50");
    REQUIRE(first.status() == 200);
    CHECK(dump_at(first.json, "next") == R"("50")");
    CHECK(first.header("link") == R"(<http://localhost/fixtures/paginated_view.json?_size=50&_next=50>; rel="next")");
    CHECK(dump_at(first.json, "rows/0") == R"({"content":"1","content_extra":"- 1 -"})");

    int pages = 0;
    auto rows = walk("/fixtures/paginated_view.json?_size=50", {"content"}, &pages);
    CHECK(pages == 5);
    CHECK(rows == sqlite_rows("select content from no_primary_key order by rowid"));
    CHECK(column(get("/fixtures/paginated_view.json?_size=2&_next=200").json, "content") ==
          R"("201","RENDER_CELL_DEMO")");
    check_json_error(get("/fixtures/paginated_view.json?_next=abc"), 400, "Invalid _next token for a view: abc");
}

TEST_CASE("views: _shape") {
    Reply array = get("/fixtures/facetable.json?_shape=array&_col=state&_size=2");
    REQUIRE(array.status() == 200);
    CHECK(array.header("content-type") == kJson);
    CHECK(array.body() == R"([{"pk": 1, "state": "CA"}, {"pk": 2, "state": "CA"}])");

    Reply arrays = get("/fixtures/facetable.json?_shape=arrays&_col=state&_size=2");
    CHECK(dump(arrays.json) == R"({"ok":true,"next":"2","rows":[[1,"CA"],[2,"CA"]],"truncated":false})");

    Reply arrayfirst = get("/fixtures/facetable.json?_shape=arrayfirst&_col=_neighborhood");
    CHECK(arrayfirst.body() == "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]");

    Reply object = get("/fixtures/compound_primary_key.json?_shape=object");
    CHECK(dump(object.json) == R"({"a,b":{"pk1":"a","pk2":"b","content":"c"},)"
                               R"("a~2Fb,~2Ec-d":{"pk1":"a/b","pk2":".c-d","content":"c"},)"
                               R"("d,e":{"pk1":"d","pk2":"e","content":"RENDER_CELL_DEMO"}})");
    // Datasette's renderer refuses _shape=object without declared primary keys, with a 200.
    const char* no_keys = R"({"ok":false,"error":"_shape=object not available for tables with no primary keys"})";
    for (const char* target : {"/fixtures/no_primary_key.json?_shape=object&_size=1", "/fixtures/simple_view.json?_shape=object"}) {
        CAPTURE(target);
        Reply refused = get(target);
        CHECK(refused.status() == 200);
        CHECK(dump(refused.json) == no_keys);
        // A 200 from the table view: its cache and referrer headers, as on the page.
        CHECK(refused.header("cache-control") == "max-age=5");
        CHECK(refused.header("referrer-policy") == "no-referrer");
    }

    // A row page knows its key (rowid here), so it can key the object by it.
    Reply rowid_object = get("/fixtures/no_primary_key/1.json?_shape=object");
    CHECK(dump(rowid_object.json) == R"({"1":{"rowid":1,"content":"1","a":"a1","b":"b1","c":"c1"}})");
    Reply row_nl = get("/fixtures/simple_primary_key/1.json?_shape=array&_nl=on");
    CHECK(row_nl.header("content-type") == "text/plain");
    CHECK(row_nl.body() == R"({"id": 1, "content": "hello"})");

    Reply nl = get("/fixtures/facetable.json?_shape=array&_nl=on&_col=state&_size=3");
    CHECK(nl.header("content-type") == "text/plain");
    CHECK(nl.body() == "{\"pk\": 1, \"state\": \"CA\"}\n{\"pk\": 2, \"state\": \"CA\"}\n{\"pk\": 3, \"state\": \"CA\"}");

    // Datasette's renderer refuses an unknown shape once the page's data is in, so the table
    // view's Referrer-Policy goes on it, a data error comes first, and CSV ignores _shape.
    Reply bad_shape = get("/fixtures/facetable.json?_shape=nope");
    check_json_error(bad_shape, 400, "Invalid _shape: nope");
    CHECK(bad_shape.header("referrer-policy") == "no-referrer");
    check_json_error(get("/fixtures/facetable.json?_shape=nope&_sort=nope"), 400, "Cannot sort table by nope");
    CHECK(get("/fixtures/facetable.csv?_shape=nope&_size=1").status() == 200);
}

TEST_CASE("views: _col and _nocol") {
    CHECK(dump_at(get("/fixtures/facetable.json?_col=state&_col=n&_size=1").json, "rows") ==
          R"([{"pk":1,"state":"CA","n":"n1"}])");
    Reply page = get("/fixtures/facetable.json?_nocol=tags&_nocol=complex_array&_size=1");
    const Json& row = at(page.json, "rows/0");
    CHECK(row.MemberCount() == 9);
    CHECK_FALSE(row.HasMember("tags"));
    CHECK(row.HasMember("pk"));
    check_json_error(get("/fixtures/facetable.json?_col=nope"), 400, "_col=nope - invalid columns");
    check_json_error(get("/fixtures/facetable.json?_nocol=pk"), 400, "_nocol=pk - invalid columns");
}

TEST_CASE("views: _json, _json_infinity and BLOBs") {
    CHECK(dump_at(get("/fixtures/facetable.json?pk=1&_json=tags&_col=tags").json, "rows/0/tags") ==
          R"(["tag1","tag2"])");
    CHECK(dump_at(get("/fixtures/facetable.json?pk=1&_col=tags").json, "rows/0/tags") == R"("[\"tag1\", \"tag2\"]")");
    // Text that is not JSON stays a string.
    CHECK(dump_at(get("/fixtures/facetable.json?pk=1&_json=state&_col=state").json, "rows/0/state") == R"("CA")");

    Reply finite = get("/fixtures/infinity.json?_shape=arrays");
    CHECK(dump_at(finite.json, "rows") == "[[1,null],[2,null],[3,1.5]]");
    Reply infinite = get("/fixtures/infinity.json?_shape=arrays&_json_infinity=on");
    CHECK(infinite.body() ==
          R"({"ok": true, "next": null, "rows": [[1, Infinity], [2, -Infinity], [3, 1.5]], "truncated": false})");

    Reply blobs = get("/fixtures/binary_data.json");
    CHECK(dump_at(blobs.json, "rows") == R"([{"rowid":1,"data":{"$base64":true,"encoded":"FRwCx60F/g=="}},)"
                                         R"({"rowid":2,"data":{"$base64":true,"encoded":"FRwDx60F/g=="}},)"
                                         R"({"rowid":3,"data":null}])");
}

TEST_CASE("views: the row view") {
    Reply simple = get("/fixtures/simple_primary_key/1.json");
    REQUIRE(simple.status() == 200);
    CHECK(simple.header("content-type") == kJson);
    CHECK(dump_at(simple.json, "rows") == R"([{"id":1,"content":"hello"}])");
    CHECK(dump_at(simple.json, "database") == R"("fixtures")");
    CHECK(dump_at(simple.json, "table") == R"("simple_primary_key")");
    CHECK(dump_at(simple.json, "primary_keys") == R"(["id"])");
    CHECK(dump_at(simple.json, "primary_key_values") == R"(["1"])");
    CHECK(at(simple.json, "query_ms").IsNumber());

    Reply rowid = get("/fixtures/no_primary_key/5.json");
    CHECK(dump_at(rowid.json, "rows") == R"([{"rowid":5,"content":"5","a":"a5","b":"b5","c":"c5"}])");
    CHECK(dump_at(rowid.json, "primary_keys") == R"(["rowid"])");

    Reply compound = get("/fixtures/compound_primary_key/a,b.json");
    CHECK(dump_at(compound.json, "rows") == R"([{"pk1":"a","pk2":"b","content":"c"}])");
    CHECK(dump_at(compound.json, "primary_key_values") == R"(["a","b"])");

    Reply tilde = get("/fixtures/compound_primary_key/a~2Fb,~2Ec-d.json");
    REQUIRE(tilde.status() == 200);
    CHECK(dump_at(tilde.json, "rows") == R"([{"pk1":"a/b","pk2":".c-d","content":"c"}])");
    CHECK(dump_at(tilde.json, "primary_key_values") == R"(["a/b",".c-d"])");
    // The key values are the URL's, as Datasette echoes them, not the stored ones.
    Reply spelled = get("/fixtures/facet_cities/03.json");
    REQUIRE(spelled.status() == 200);
    CHECK(dump_at(spelled.json, "rows") == R"([{"id":3,"name":"Detroit"}])");
    CHECK(dump_at(spelled.json, "primary_key_values") == R"(["03"])");

    Reply slashes = get("/fixtures/table~2Fwith~2Fslashes~2Ecsv/3.json");
    CHECK(dump_at(slashes.json, "rows") == R"([{"pk":"3","content":"hey"}])");
    CHECK(get("/fixtures/simple_primary_key/1.json?_shape=array").body() == R"([{"id": 1, "content": "hello"}])");

    check_json_error(get("/fixtures/simple_primary_key/999.json"), 404, "Row not found");
    check_json_error(get("/fixtures/no_primary_key/9999.json"), 404, "Row not found");
    check_json_error(get("/fixtures/compound_primary_key/a.json"), 404, "Row not found");
    check_json_error(get("/fixtures/nope/1.json"), 404, "Table not found");
}

TEST_CASE("views: the query view") {
    Reply one = get("/fixtures/-/query.json?sql=select+1+as+one");
    REQUIRE(one.status() == 200);
    CHECK(one.header("content-type") == kJson);
    CHECK(one.body() == R"({"ok": true, "rows": [{"one": 1}], "truncated": false})");

    // Named parameters come from the query string, always as text.
    Reply named = get("/fixtures/-/query.json?sql=select+%3An+as+n%2C+typeof%28%3An%29+as+t%2C+%3An+%2B+1+as+plus&n=41");
    CHECK(dump_at(named.json, "rows") == R"([{"n":"41","t":"text","plus":42}])");
    CHECK(column(get("/fixtures/-/query.json?sql=select+pk+from+facetable+where+state+%3D+%3As&s=MI").json, "pk") ==
          "11,12,13,14");
    CHECK(dump_at(get("/fixtures/-/query.json?sql=select+3+as+three%3B").json, "rows") == R"([{"three":3}])");
    CHECK(dump_at(get("/fixtures/-/query.json?sql=select+count(*)+as+n+from+pragma_table_info('facetable')").json,
                  "rows") == R"([{"n":11}])");
    CHECK(dump_at(get("/fixtures/-/query.json?sql=select+1+as+a%2C+2+as+b&_shape=arrays").json, "rows") ==
          "[[1,2]]");

    for (const char* sql : {"update+facetable+set+state%3D%27x%27", "insert+into+tags+values+(%27x%27)",
                            "delete+from+tags", "drop+table+tags", "PRAGMA+cache_size", "selec+1",
                            "attach+database+%27%2Ftmp%2Fx.db%27+as+x", "create+table+t(x)"}) {
        CAPTURE(sql);
        check_json_error(get(std::string("/fixtures/-/query.json?sql=") + sql), 400, "Statement must be a SELECT",
                         "Invalid SQL");
    }
    check_json_error(get("/fixtures/-/query.json?sql=select+*+from+pragma_cache_size()"), 400,
                     "Statement contained a disallowed PRAGMA. Allowed pragma functions are pragma_database_list(), "
                     "pragma_foreign_key_list(), pragma_function_list(), pragma_index_info(), pragma_index_list(), "
                     "pragma_index_xinfo(), pragma_page_count(), pragma_max_page_count(), pragma_page_size(), "
                     "pragma_schema_version(), pragma_table_info(), pragma_table_xinfo(), pragma_table_list()",
                     "Invalid SQL");

    Reply two = get("/fixtures/-/query.json?sql=select+1%3B+select+2");
    CHECK(two.status() == 400);
    CHECK(two.header("content-type") == kJson);
    CHECK(two.body() ==
          R"({"ok": false, "rows": [], "error": "You can only execute one statement at a time.", "truncated": false})");
    Reply missing = get("/fixtures/-/query.json?sql=select+*+from+nope");
    CHECK(missing.status() == 400);
    CHECK(dump(missing.json) == R"({"ok":false,"rows":[],"error":"no such table: nope","truncated":false})");
    check_json_error(get("/fixtures/-/query.json?sql=select+1&_shape=nope"), 400, "Invalid _shape: nope");
}

TEST_CASE("views: the query view stops at max_returned_rows") {
    auto small = make_app({{"max_returned_rows", "10"}});
    Reply capped = request(*small, "GET", "/fixtures/-/query.json?sql=select+pk+from+facetable");
    REQUIRE(capped.status() == 200);
    CHECK(column(capped.json, "pk") == "1,2,3,4,5,6,7,8,9,10");
    CHECK(dump_at(capped.json, "truncated") == "true");
    Reply exact = request(*small, "GET", "/fixtures/-/query.json?sql=select+pk+from+facetable+limit+10");
    CHECK(at(exact.json, "rows").Size() == 10);
    CHECK(dump_at(exact.json, "truncated") == "false");
    // _size does not apply to queries.
    CHECK(at(get("/fixtures/-/query.json?sql=select+pk+from+facetable&_size=2").json, "rows").Size() == 15);
}

TEST_CASE("views: unknown databases, tables and routes are 404") {
    check_json_error(get("/nope.json"), 404, "Database not found");
    check_json_error(get("/nope/facetable.json"), 404, "Database not found");
    check_json_error(get("/nope/-/query.json?sql=select+1"), 404, "Database not found");
    // Datasette 1.0a14 removed /-/metadata: the path is a table "metadata" of a database "-".
    check_json_error(get("/-/metadata.json"), 404, "Database not found");
    check_json_error(get("/fixtures/nope.json"), 404, "Table not found");
    // Datasette reads "facetable.nope" as a table name, as no renderer is called "nope".
    check_json_error(get("/fixtures/facetable.nope"), 404, "Table not found");
    check_json_error(get("/fixtures/facetable.jsono?_size=1"), 404, "Table not found");
    check_json_error(get("/fixtures.nope"), 404, "Invalid format: nope");  // Datasette's DatabaseView
    // Datasette answers paths no route serves with NotFound("404").
    check_json_error(get("/fixtures/facetable/1/x/y.json"), 404, "404");
    check_json_error(get("/a/b/c/d.json"), 404, "404");
}

TEST_CASE("views: a GET that finds nothing at a percent-encoded path redirects to its tilde form") {
    // Datasette's handle_404: "~" becomes "~7E", "%" "~" and "." "~2E", the query is kept.
    struct Case {
        const char* target;
        const char* location;
    };
    const Case cases[] = {
        {"/fixtures/nope%2Fx.json", "/fixtures/nope~2Fx~2Ejson"},
        {"/nope%2Fx.json?_size=1", "/nope~2Fx~2Ejson?_size=1"},
        {"/fixtures/simple_primary_key/a%2Fb.json", "/fixtures/simple_primary_key/a~2Fb~2Ejson"},
        {"/fixtures/no~pe%20x.json", "/fixtures/no~7Epe~20x~2Ejson"},
        {"/a/b%20c/d/e", "/a/b~20c/d/e"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        Reply reply = get(c.target);
        CHECK(reply.status() == 302);
        CHECK(reply.header("location") == c.location);
        CHECK(reply.header("content-type") == "text/html; charset=utf-8");
    }
    // What exists is served, and a path without '%' keeps its 404.
    CHECK(get("/fixtures/table%2Fwith%2Fslashes%2Ecsv.json?_size=1").status() == 200);
    check_json_error(get("/fixtures/nope~2Fx.json"), 404, "Table not found");
}

TEST_CASE("views: a row URL with a format no renderer has serves the row; .jsono redirects") {
    // Datasette's row page renders its default (HTML) for an unknown format; liteserve's
    // default is the JSON.
    Reply odd = get("/fixtures/simple_primary_key/1.nope");
    REQUIRE(odd.status() == 200);
    CHECK(dump_at(odd.json, "rows") == R"([{"id":1,"content":"hello"}])");
    check_json_error(get("/fixtures/simple_primary_key/999.nope"), 404, "Row not found");
    Reply jsono = get("/fixtures/simple_primary_key/1.jsono?_extra=query&_shape=arrays");
    CHECK(jsono.status() == 302);
    CHECK(jsono.header("location") == "/fixtures/simple_primary_key/1.json?_extra=query&_shape=arrays&_shape=objects");
    CHECK(jsono.header("link") == "</fixtures/simple_primary_key/1.json?_extra=query&_shape=arrays&_shape=objects>; rel=preload");
}

TEST_CASE("views: a method a route does not serve is 405 with Allow, in JSON for .json paths") {
    struct Case {
        const char* target;
        const char* content_type;
        const char* body;
    };
    const Case cases[] = {
        {"/fixtures/facetable.json", "text/plain; charset=utf-8", "Method not allowed"},  // the table's own POST
        {"/fixtures.json", "application/json; charset=utf-8", R"({"ok": false, "error": "Method not allowed"})"},
        {"/-/settings.json", "application/json; charset=utf-8", R"({"ok": false, "error": "Method not allowed"})"},
        {"/fixtures/facetable/1.json", "application/json; charset=utf-8", R"({"ok": false, "error": "Method not allowed"})"},
        {"/fixtures", "text/plain; charset=utf-8", "Method not allowed"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.target);
        Reply r = request(fixtures_app(), "POST", c.target);
        CHECK(r.status() == 405);
        CHECK(r.header("content-type") == c.content_type);
        CHECK(r.header("allow") == "GET, HEAD");
        CHECK(r.body() == c.body);
    }
    CHECK(request(fixtures_app(), "HEAD", "/fixtures/facetable.json").status() == 200);
    // A table's URL answers every method but POST as GET (Datasette's table view is a plain
    // function); other URLs refuse them.
    for (const char* method : {"PUT", "DELETE", "PATCH"}) {
        CAPTURE(method);
        Reply page = request(fixtures_app(), method, "/fixtures/facetable.json?_size=1");
        CHECK(page.status() == 200);
        CHECK(dump_at(page.json, "rows/0/pk") == "1");
        CHECK(request(fixtures_app(), method, "/fixtures/facetable/1.json").status() == 405);
    }
}

TEST_CASE("views: /db.json?sql= redirects to the query URL") {
    Reply r = get("/fixtures.json?sql=select+1");
    CHECK(r.status() == 302);
    CHECK(r.header("location") == "/fixtures/-/query.json?sql=select+1");
    CHECK(r.header("content-type") == "text/plain");
    CHECK(r.body().empty());
}

TEST_CASE("views: a query over sql_time_limit_ms is interrupted") {
    const std::string forever =
        "/fixtures/-/query.json?sql=with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+from+c)+"
        "select+count(*)+from+c";
    auto limited = make_app({{"sql_time_limit_ms", "50"}});
    Reply r = request(*limited, "GET", forever);
    CHECK(r.status() == 400);
    CHECK(r.header("content-type") == kJson);
    CHECK(dump_at(r.json, "title") == R"("SQL Interrupted")");
    CHECK(dump_at(r.json, "status") == "400");
    CHECK(std::string(at(r.json, "error").GetString()).rfind("<p>SQL query took too long.", 0) == 0);
    // The connection is usable again afterwards.
    CHECK(request(*limited, "GET", "/fixtures/-/query.json?sql=select+1+as+one").status() == 200);

    // ?_timelimit= lowers the limit for one request.
    Reply lowered = get(forever + "&_timelimit=20");
    CHECK(lowered.status() == 400);
    CHECK(dump_at(lowered.json, "title") == R"("SQL Interrupted")");
}

TEST_CASE("views: /-/versions.json describes the SQLite library as Datasette does") {
    Reply r = get("/-/versions.json");
    CHECK(r.status() == 200);
    CHECK(dump(at(r.json, "sqlite/version")) == "\"" + std::string(sqlite3_libversion()) + "\"");
    CHECK(dump(at(r.json, "sqlite/extensions")) == R"({"json1":true})");
    CHECK(dump(at(r.json, "sqlite/fts_versions")).find("FTS5") != std::string::npos);
}

TEST_CASE("views: a table's configured size is checked like _size against max_returned_rows") {
    app::AppOptions options;
    options.files.push_back({liteserve::testing::fixtures_db(), true});
    options.config_path = liteserve::testing::write_file(
        "size-config.json", R"({"databases": {"fixtures": {"tables": {"facetable": {"size": 12}}}}})");
    config::apply_setting(options.settings, "max_returned_rows", "10");
    app::App app(std::move(options));
    Reply too_big = request(app, "GET", "/fixtures/facetable.json");
    CHECK(too_big.status() == 400);
    CHECK(dump_at(too_big.json, "error") == R"("_size must be <= 10")");
    Reply asked = request(app, "GET", "/fixtures/facetable.json?_size=4");
    CHECK(asked.status() == 200);
    CHECK(at(asked.json, "rows").Size() == 4);
}

TEST_CASE("views: a sorted _next of one part is a key, not a sort value (Datasette)") {
    Reply asc = get("/fixtures/facetable.json?_sort=state&_next=5&_size=3&_col=state");
    CHECK(asc.status() == 200);
    CHECK(dump_at(asc.json, "rows") == R"([{"pk":1,"state":"CA"},{"pk":2,"state":"CA"},{"pk":3,"state":"CA"}])");
    Reply desc = get("/fixtures/facetable.json?_sort_desc=state&_next=5&_size=3");
    CHECK(desc.status() == 200);
    CHECK(at(desc.json, "rows").Size() == 0);
}

TEST_CASE("views: _json names one column per argument (a comma is part of the name)") {
    Reply both = get("/fixtures/facetable.json?_size=1&_col=tags&_col=complex_array&_json=tags&_json=complex_array");
    CHECK(dump_at(both.json, "rows/0/tags") == R"(["tag1","tag2"])");
    CHECK(dump_at(both.json, "rows/0/complex_array") == R"([{"foo":"bar"}])");
    Reply comma = get("/fixtures/facetable.json?_size=1&_col=tags&_json=tags,complex_array");
    CHECK(dump_at(comma.json, "rows/0/tags") == R"("[\"tag1\", \"tag2\"]")");
}

TEST_CASE("views: _json keeps integers beyond 64-bit signed range exact, as Python does") {
    Reply r = get("/fixtures/-/query.json?sql=select+%27%5B18446744073709551615%5D%27+as+j&_json=j&_shape=array");
    CHECK(r.body() == "[{\"j\": [18446744073709551615]}]");
}
