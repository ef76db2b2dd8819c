// The table page's form redirects: a table of query → Location (expectations computed with
// Datasette 1.0a's filters_should_redirect and path_with_added_args on the same queries), then
// the redirect through App::handle: its headers, which pages and formats redirect, and what
// is checked before it.
#include "api/filter_redirects.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/app.h"
#include "support/fixture_db.h"
#include "support/requests.h"

using namespace liteserve;
using liteserve::testing::header_of;

namespace {

// The Location for `query` on the facetable page, or "(none)" when there is no redirect.
std::string location_for(const std::string& query) {
    auto redirect = api::filter_redirect_query(api::QueryArgs::parse(query));
    if (!redirect) return "(none)";
    return header_of(api::filter_redirect("/fixtures/facetable.json", *redirect), "location");
}

struct Case {
    const char* name;
    const char* query;
    const char* location;
};

const Case kCases[] = {
    {"form filter: existing arguments first, then the filter",
     "_filter_column=state&_filter_op=exact&_filter_value=CA&_size=2", "/fixtures/facetable.json?_size=2&state__exact=CA"},
    {"an op with __ carries its own value", "_filter_column=state&_filter_op=isnull__1&_filter_value=",
     "/fixtures/facetable.json?state__isnull=1"},
    {"the op's value wins over _filter_value", "_filter_column=pk&_filter_op=notnull__1&_filter_value=ignored",
     "/fixtures/facetable.json?pk__notnull=1"},
    {"the op splits at its first __", "_filter_column=a__b&_filter_op=x__y__z", "/fixtures/facetable.json?a__b__x=y__z"},
    {"no op: the key ends in a bare __", "_filter_column=state&_filter_value=CA", "/fixtures/facetable.json?state__=CA"},
    {"blank column: only the _filter_ arguments go", "_filter_column=&_filter_op=exact&_filter_value=CA&_size=2",
     "/fixtures/facetable.json?_size=2"},
    {"an op alone still redirects", "_filter_op=exact", "/fixtures/facetable.json"},
    {"a value alone still redirects", "_filter_value=CA&_size=2", "/fixtures/facetable.json?_size=2"},
    {"a blank filter value is kept", "_filter_column=state&_filter_op=exact&_filter_value=",
     "/fixtures/facetable.json?state__exact="},
    {"blank and valueless arguments of the request are dropped",
     "_search=&_filter_column=state&_filter_op=exact&_filter_value=CA&_nocount", "/fixtures/facetable.json?state__exact=CA"},
    {"the first of repeated form values counts", "_filter_column=state&_filter_op=exact&_filter_value=CA&_filter_value=NY",
     "/fixtures/facetable.json?state__exact=CA"},
    {"repeated request arguments stay", "tags=a&tags=b&_filter_column=state&_filter_op=exact&_filter_value=CA",
     "/fixtures/facetable.json?tags=a&tags=b&state__exact=CA"},
    {"an existing identical filter is not merged",
     "state__exact=CA&_filter_column=state&_filter_op=exact&_filter_value=CA",
     "/fixtures/facetable.json?state__exact=CA&state__exact=CA"},
    {"numbered filters, in order",
     "_filter_column_1=state&_filter_op_1=exact&_filter_value_1=CA&_filter_column_2=pk&_filter_op_2=gt&_filter_value_2=3",
     "/fixtures/facetable.json?state__exact=CA&pk__gt=3"},
    {"numbered filters in the order their columns appear",
     "_filter_column_2=pk&_filter_op_2=gt&_filter_value_2=3&_filter_column_1=state&_filter_value_1=CA",
     "/fixtures/facetable.json?pk__gt=3&state__exact=CA"},
    {"a numbered filter's op defaults to exact", "_filter_column_1=state&_filter_value_1=CA",
     "/fixtures/facetable.json?state__exact=CA"},
    {"a repeated numbered column counts once", "_filter_column_1=state&_filter_column_1=city&_filter_value_1=CA",
     "/fixtures/facetable.json?state__exact=CA"},
    {"a blank numbered column drops its arguments", "_filter_column_1=&_filter_op_1=exact&_filter_value_1=CA&_size=5",
     "/fixtures/facetable.json?_size=5"},
    {"unnumbered before numbered",
     "_filter_column=state&_filter_op=exact&_filter_value=CA&_filter_column_1=pk&_filter_op_1=lt&_filter_value_1=4",
     "/fixtures/facetable.json?state__exact=CA&pk__lt=4"},
    {"Python's $ matches before a final newline", "_filter_column_1%0A=state", "/fixtures/facetable.json?state__exact="},
    {"numbered ops without a column do nothing", "_filter_op_1=exact&_filter_value_1=CA", "(none)"},
    {"N must be digits", "_filter_column_x=state", "(none)"},
    {"N must not be empty", "_filter_column_=state", "(none)"},
    {"re-encoded as urlencode does", "_filter_column=name%20with%20space&_filter_op=contains&_filter_value=a%26b+c",
     "/fixtures/facetable.json?name+with+space__contains=a%26b+c"},
    {"unreserved characters and UTF-8", "_filter_column=state&_filter_op=exact&_filter_value=%C3%A9~x.y-z_",
     "/fixtures/facetable.json?state__exact=%C3%A9~x.y-z_"},
    {"ill-formed UTF-8 becomes U+FFFD", "_filter_column=state&_filter_op=exact&_filter_value=%FF",
     "/fixtures/facetable.json?state__exact=%EF%BF%BD"},
    {"descending checkbox", "_sort=state&_sort_by_desc=on&_size=2", "/fixtures/facetable.json?_size=2&_sort_desc=state"},
    {"descending checkbox, any value", "_sort_by_desc&_sort=pk", "/fixtures/facetable.json?_sort_desc=pk"},
    {"descending checkbox without _sort drops _sort_desc", "_sort_by_desc=on&_sort_desc=pk", "/fixtures/facetable.json"},
    {"descending checkbox with a blank _sort", "_sort=&_sort_by_desc=on", "/fixtures/facetable.json?_sort_desc="},
    {"filters first; the sort waits for the next page",
     "_filter_column=state&_filter_op=exact&_filter_value=CA&_sort=pk&_sort_by_desc=on",
     "/fixtures/facetable.json?_sort=pk&_sort_by_desc=on&state__exact=CA"},
    {"plain filters do not redirect", "state__exact=CA&_size=2", "(none)"},
    {"no arguments", "", "(none)"},
};

}  // namespace

TEST_CASE("filter_redirect_query: form arguments to the Location Datasette sends") {
    for (const auto& c : kCases) {
        CAPTURE(c.name);
        CHECK(location_for(c.query) == c.location);
    }
}

namespace {

struct TestApp {
    std::unique_ptr<app::App> app;

    Response get(const std::string& target) const {
        Request r = liteserve::testing::make_request("GET", target);
        return app->handle(r);
    }
};

TestApp make_app(std::vector<std::pair<std::string, std::string>> settings = {}, bool default_deny = false) {
    app::AppOptions options;
    options.default_deny = default_deny;
    options.files.push_back({liteserve::testing::temp_dir() + "/fixtures.db", false});
    std::filesystem::copy_file(liteserve::testing::fixtures_db(), options.files.back().path);
    for (const auto& [name, value] : settings) config::apply_setting(options.settings, name, value);
    return {std::make_unique<app::App>(std::move(options))};
}

}  // namespace

TEST_CASE("Table pages redirect the form's arguments through App::handle") {
    TestApp t = make_app();

    SUBCASE("the 302 carries Location, Link rel=preload and Referrer-Policy, no Cache-Control") {
        Response r = t.get("/fixtures/facetable.json?_filter_column=state&_filter_op=exact&_filter_value=CA&_size=2");
        CHECK(r.status == 302);
        CHECK(header_of(r, "location") == "/fixtures/facetable.json?_size=2&state__exact=CA");
        CHECK(header_of(r, "link") == "</fixtures/facetable.json?_size=2&state__exact=CA>; rel=preload");
        CHECK(header_of(r, "referrer-policy") == "no-referrer");
        CHECK(header_of(r, "cache-control") == "(absent)");
        CHECK(header_of(r, "etag") == "(absent)");
        CHECK(r.body.empty());
    }
    SUBCASE("the page it leads to answers") {
        CHECK(t.get("/fixtures/facetable.json?_size=2&state__exact=CA").status == 200);
    }
    SUBCASE("CSV, the HTML path and views redirect too") {
        CHECK(header_of(t.get("/fixtures/facetable.csv?_sort=pk&_sort_by_desc=on"), "location") ==
              "/fixtures/facetable.csv?_sort_desc=pk");
        CHECK(header_of(t.get("/fixtures/facetable?_filter_column=state&_filter_op=exact&_filter_value=CA"), "location") ==
              "/fixtures/facetable?state__exact=CA");
        CHECK(header_of(t.get("/fixtures/simple_view.json?_sort=content&_sort_by_desc=on"), "location") ==
              "/fixtures/simple_view.json?_sort_desc=content");
    }
    SUBCASE("tilde-encoded table names keep the path as sent") {
        Response r = t.get("/fixtures/table~2Fwith~2Fslashes~2Ecsv.json?_filter_column=pk&_filter_op=exact&_filter_value=3");
        CHECK(r.status == 302);
        CHECK(header_of(r, "location") == "/fixtures/table~2Fwith~2Fslashes~2Ecsv.json?pk__exact=3");
    }
    SUBCASE("row pages do not redirect") {
        CHECK(t.get("/fixtures/facetable/1.json?_filter_column=state&_filter_op=exact&_filter_value=CA").status == 200);
    }
    SUBCASE("a missing table is a 404 first") {
        CHECK(t.get("/fixtures/no_such_table.json?_filter_column=state&_filter_value=CA").status == 404);
        CHECK(t.get("/no_such_db/facetable.json?_sort_by_desc=on").status == 404);
    }
    SUBCASE("arguments are not validated before the redirect") {
        CHECK(t.get("/fixtures/facetable.json?_size=nope&_filter_column=state&_filter_value=CA").status == 302);
    }
}

TEST_CASE("The form redirect comes before _where's execute-sql check, as in Datasette") {
    TestApp t = make_app({{"default_allow_sql", "off"}});
    CHECK(t.get("/fixtures/facetable.json?_where=1&_sort=pk&_sort_by_desc=on").status == 302);
    CHECK(t.get("/fixtures/facetable.json?_where=1&_sort_desc=pk").status == 403);
}

TEST_CASE("A table the actor may not see answers 403, not the redirect") {
    TestApp t = make_app({}, true);
    Response r = t.get("/fixtures/facetable.json?_filter_column=state&_filter_op=exact&_filter_value=CA");
    CHECK(r.status == 403);
    CHECK(r.body.find("You do not have permission to view this table") != std::string::npos);
}
