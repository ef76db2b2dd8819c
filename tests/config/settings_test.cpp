// Tables for src/config/settings.cpp: -s NAME VALUE parsing (good values, each error with
// its message) and the JSON text /-/settings.json shows for each setting.
#include "config/settings.h"

#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace liteserve::config;

namespace {

struct Good {
    std::string name;
    std::string value;
    std::string json;  // setting_json after applying
};

struct Bad {
    std::string name;
    std::string value;
    std::string message;
};

std::string error_of(std::string_view name, std::string_view value) {
    Settings s;
    try {
        apply_setting(s, name, value);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("settings: defaults are Datasette's, in /-/settings.json order") {
    // Datasette 1.0's /-/settings.json, key order and values (the "small" profile's golden
    // response with its four changed settings put back to their defaults).
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"default_page_size", "100"}, {"max_returned_rows", "1000"}, {"max_insert_rows", "100"},
        {"num_sql_threads", "3"}, {"sql_time_limit_ms", "1000"}, {"default_facet_size", "30"},
        {"facet_time_limit_ms", "200"}, {"facet_suggest_time_limit_ms", "50"}, {"allow_facet", "true"},
        {"allow_download", "true"}, {"allow_signed_tokens", "true"}, {"default_allow_sql", "true"},
        {"max_signed_tokens_ttl", "0"}, {"suggest_facets", "true"}, {"default_cache_ttl", "5"},
        {"cache_size_kb", "0"}, {"allow_csv_stream", "true"}, {"max_csv_mb", "100"},
        {"truncate_cells_html", "2048"}, {"force_https_urls", "false"}, {"template_debug", "false"},
        {"trace_debug", "false"}, {"base_url", "\"/\""},
    };
    Settings defaults;
    std::vector<std::pair<std::string, std::string>> shown;
    for (const auto& info : setting_infos())
        if (info.datasette) shown.emplace_back(std::string(info.name), setting_json(defaults, info.name));
    CHECK(shown == expected);
}

TEST_CASE("settings: every row has a unique name, help text and a readable value") {
    std::set<std::string_view> names;
    Settings defaults;
    for (const auto& info : setting_infos()) {
        CAPTURE(info.name);
        CHECK(names.insert(info.name).second);
        CHECK_FALSE(info.help.empty());
        CHECK_FALSE(setting_json(defaults, info.name).empty());
    }
    CHECK(names.count("max_body_kb") == 1);  // liteserve's own limits are settings too
}

TEST_CASE("apply_setting: accepted values") {
    const std::vector<Good> cases = {
        {"default_page_size", "50", "50"},
        {"default_page_size", "0", "0"},
        {"max_returned_rows", "10", "10"},
        {"sql_time_limit_ms", "50", "50"},
        {"max_signed_tokens_ttl", "3600", "3600"},
        {"io_threads", "4", "4"},
        {"allow_facet", "off", "false"},
        {"allow_facet", "on", "true"},
        {"allow_facet", "false", "false"},
        {"allow_facet", "true", "true"},
        {"allow_facet", "0", "false"},
        {"allow_facet", "1", "true"},
        // Datasette's value_as_boolean ignores case.
        {"allow_facet", "OFF", "false"},
        {"allow_facet", "True", "true"},
        {"force_https_urls", "on", "true"},
        {"base_url", "/prefix/", R"("/prefix/")"},
        {"base_url", R"(/a"b\)", R"("/a\"b\\")"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CAPTURE(c.value);
        Settings s;
        apply_setting(s, c.name, c.value);
        CHECK(setting_json(s, c.name) == c.json);
    }
}

TEST_CASE("apply_setting: the fields it sets") {
    Settings s;
    apply_setting(s, "max_returned_rows", "10");
    apply_setting(s, "default_page_size", "5");
    apply_setting(s, "allow_download", "off");
    apply_setting(s, "base_url", "/x/");
    apply_setting(s, "read_timeout_ms", "250");
    CHECK(s.max_returned_rows == 10);
    CHECK(s.default_page_size == 5);
    CHECK_FALSE(s.allow_download);
    CHECK(s.base_url == "/x/");
    CHECK(s.read_timeout_ms == 250);
    CHECK(s.sql_time_limit_ms == 1000);  // untouched
}

TEST_CASE("apply_setting: rejected values, each with its message") {
    const std::vector<Bad> cases = {
        {"nope", "1", "Unknown setting: nope (liteserve --help-settings lists them)"},
        {"", "1", "Unknown setting:  (liteserve --help-settings lists them)"},
        {"Default_Page_Size", "1", "Unknown setting: Default_Page_Size (liteserve --help-settings lists them)"},
        {"default_page_size", "abc", "Setting default_page_size expects an integer, got 'abc'"},
        {"default_page_size", "", "Setting default_page_size expects an integer, got ''"},
        {"default_page_size", "1.5", "Setting default_page_size expects an integer, got '1.5'"},
        {"default_page_size", "5 ", "Setting default_page_size expects an integer, got '5 '"},
        {"default_page_size", " 5", "Setting default_page_size expects an integer, got ' 5'"},
        {"default_page_size", "0x10", "Setting default_page_size expects an integer, got '0x10'"},
        {"sql_time_limit_ms", "99999999999999999999",
         "Setting sql_time_limit_ms expects an integer, got '99999999999999999999'"},
        {"default_page_size", "-1", "Setting default_page_size must be at least 0"},
        {"max_returned_rows", "0", "Setting max_returned_rows must be at least 1"},
        {"sql_time_limit_ms", "0", "Setting sql_time_limit_ms must be at least 1"},
        {"allow_facet", "yes", "Setting allow_facet expects on/off or true/false, got 'yes'"},
        {"allow_facet", "", "Setting allow_facet expects on/off or true/false, got ''"},
        {"allow_facet", "2", "Setting allow_facet expects on/off or true/false, got '2'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        CAPTURE(c.value);
        CHECK(error_of(c.name, c.value) == c.message);
    }
}

TEST_CASE("apply_setting: a rejected value leaves the setting as it was") {
    Settings s;
    apply_setting(s, "default_page_size", "7");
    CHECK_THROWS_AS(apply_setting(s, "default_page_size", "x"), std::invalid_argument);
    CHECK_THROWS_AS(apply_setting(s, "default_page_size", "-3"), std::invalid_argument);
    CHECK(s.default_page_size == 7);
    CHECK_THROWS_AS(apply_setting(s, "allow_facet", "maybe"), std::invalid_argument);
    CHECK(s.allow_facet);
}

TEST_CASE("setting_json: unknown names throw") {
    Settings s;
    CHECK_THROWS_WITH_AS(setting_json(s, "nope"), "Unknown setting: nope (liteserve --help-settings lists them)",
                         std::invalid_argument);
}
