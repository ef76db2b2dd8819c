// Request-describing extras. Datasette builds these from its ASGI Request object, so the
// values here follow that object: the raw (still percent-encoded) path, the Host header,
// arguments parsed with parse_qs(keep_blank_values=True).
#include "api/request_extras.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <utility>

#include "api/python_repr.h"
#include "api/query_args.h"
#include "api/urls.h"

namespace liteserve::api {
namespace {

using Grouped = std::vector<std::pair<std::string, std::vector<std::string>>>;

// request.args: each name once, in first-appearance order, with all its values. parse_qs
// skips empty "&&" segments.
Grouped grouped_args(const Request& request) {
    Grouped out;
    auto args = QueryArgs::parse(request.query);
    for (const auto& [key, value] : args.all()) {
        if (key.empty() && value.empty()) continue;
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == key; });
        if (it == out.end()) out.push_back({key, {value}});
        else it->second.push_back(value);
    }
    return out;
}

std::string host_of(const Request& request) {
    auto host = request.header("host");
    return host ? std::string(*host) : "localhost";
}

bool is_word(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

// Splits "name.format" as the route regexes do: the format is a trailing ".\w+".
std::pair<std::string_view, std::optional<std::string_view>> split_format(std::string_view segment,
                                                                          bool last_dot) {
    auto dot = last_dot ? segment.rfind('.') : segment.find('.');
    if (dot == std::string_view::npos || dot == 0 || !is_word(segment.substr(dot + 1))) return {segment, std::nullopt};
    return {segment.substr(0, dot), segment.substr(dot + 1)};
}

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        if (path.front() == '/') path.remove_prefix(1);
        auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
    }
    return out;
}

std::string database_repr(const db::Database& database) {
    std::string tags;
    if (database.is_mutable()) tags += "mutable, ";
    if (database.is_memory()) tags += "memory, ";
    tags += "size=" + std::to_string(database.file_size());
    return "<Database: " + database.name() + " (" + tags + ")>";
}

}  // namespace

void write_extras_list(JsonWriter& w, const Request& request, const std::vector<ExtraInfo>& extras,
                       const std::vector<std::string>& selected) {
    w.begin_array();
    for (const auto& extra : extras) {
        bool is_selected = std::find(selected.begin(), selected.end(), extra.name) != selected.end();
        std::vector<std::pair<std::string, std::string>> toggle = {{"_extra", extra.name}};
        std::string path = is_selected ? path_with_removed_args(request, toggle) : path_with_added_args(request, toggle);
        w.begin_object();
        w.key("name").string(extra.name);
        w.key("description").string(extra.description);
        w.key("toggle_url").string(absolute_url(request, path));
        w.key("selected").boolean(is_selected);
        w.end_object();
    }
    w.end_array();
}

void write_request_info(JsonWriter& w, const Request& request) {
    std::string host = host_of(request);
    std::string full_path = request.path + (request.query.empty() ? "" : "?" + request.query);
    // request.url is built from the connection's own scheme: force_https_urls does not apply.
    w.begin_object();
    w.key("url").string("http://" + host + full_path);
    w.key("path").string(request.path);
    w.key("full_path").string(full_path);
    w.key("host").string(host);
    w.key("args").begin_object();
    for (const auto& [key, values] : grouped_args(request)) {
        w.key(key);
        w.strings(values);
    }
    w.end_object();
    w.end_object();
}

void write_url_vars(JsonWriter& w, const Request& request, Route route) {
    auto parts = segments(request.path);
    parts.resize(route == Route::Row ? 3 : 2);
    // The table route's table name stops at its first dot; the row route's key part at the
    // last one (its pattern is non-greedy before an optional ".format").
    auto [last, format] = split_format(parts.back(), route == Route::Row);
    parts.back() = last;
    w.begin_object();
    w.key("database").string(parts[0]);
    w.key("table").string(parts[1]);
    if (route == Route::Row) w.key("pks").string(parts[2]);
    w.key("format");
    if (format) w.string(*format); else w.null();
    w.end_object();
}

void write_table_debug(JsonWriter& w, const Request& request, const db::Database& database,
                       std::string_view table, bool is_view) {
    auto args = QueryArgs::parse(request.query);
    auto optional_arg = [&](const char* name) {
        if (auto value = args.first(name)) w.string(*value); else w.null();
    };
    w.begin_object();
    w.key("url_vars");
    write_url_vars(w, request, Route::Table);
    w.key("resolved").string("ResolvedTable(db=" + database_repr(database) + ", table=" + python_repr(table) +
                             ", is_view=" + (is_view ? "True" : "False") + ")");
    w.key("nofacet");
    optional_arg("_nofacet");
    w.key("nosuggest");
    optional_arg("_nosuggest");
    w.end_object();
}

void write_form_hidden_args(JsonWriter& w, const Request& request) {
    static const std::vector<std::string> kept_out = {"_sort", "_sort_desc", "_search", "_next"};
    w.begin_array();
    for (const auto& [key, values] : grouped_args(request)) {
        if (key.rfind('_', 0) != 0 || key.find("__") != std::string::npos) continue;
        if (std::find(kept_out.begin(), kept_out.end(), key) != kept_out.end()) continue;
        for (const auto& value : values) w.begin_array().string(key).string(value).end_array();
    }
    w.end_array();
}

}  // namespace liteserve::api
