// Rewriting the table page's form arguments into filter and sort arguments, as Datasette 1.0's
// filters_should_redirect and its _sort_by_desc rule do.
#include "api/filter_redirects.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "api/json_writer.h"

namespace liteserve::api {
namespace {

// An argument to append (a value) or to drop from the request (nullopt): the (key, None) pairs
// of Datasette's path_with_added_args.
using Change = std::pair<std::string, std::optional<std::string>>;
using Changes = std::vector<Change>;

// Datasette reads request.args (blank values kept), so a present but blank argument is "".
std::string first_or_blank(const QueryArgs& args, std::string_view key) {
    return args.first(key).value_or("");
}

// One filter from the form. An op such as "isnull__1" carries its own value (the form's
// no-argument operators), and a blank column adds nothing but still causes the redirect.
void add_filter(Changes& out, const std::string& column, std::string op, std::string value) {
    if (auto split = op.find("__"); split != std::string::npos) {
        value = op.substr(split + 2);
        op.resize(split);
    }
    if (!column.empty()) out.emplace_back(column + "__" + op, std::move(value));
}

// ?_filter_column=…: unlike the numbered form, a missing op stays blank (state__=CA).
void add_unnumbered(const QueryArgs& args, Changes& out) {
    add_filter(out, first_or_blank(args, "_filter_column"), first_or_blank(args, "_filter_op"),
               first_or_blank(args, "_filter_value"));
    for (const char* key : {"_filter_column", "_filter_op", "_filter_value"})
        if (args.has(key)) out.emplace_back(key, std::nullopt);
}

// The N of a "_filter_column_N" key. Python's ^_filter_column_\d+$ also matches before one
// final newline, which then stays part of N (as split("_")[-1] keeps it).
std::optional<std::string> column_number(std::string_view key) {
    constexpr std::string_view prefix = "_filter_column_";
    if (!key.starts_with(prefix)) return std::nullopt;
    std::string_view number = key.substr(prefix.size());
    std::string_view digits = number.ends_with('\n') ? number.substr(0, number.size() - 1) : number;
    bool all_digits = std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); });
    if (digits.empty() || !all_digits) return std::nullopt;
    return std::string(number);
}

// ?_filter_column_N=…, in the order the keys first appear; a repeated key counts once, with its
// first value (request.args is a dict of lists). A missing or blank op means "exact".
void add_numbered(const QueryArgs& args, Changes& out) {
    std::set<std::string> seen;
    for (const auto& [key, column] : args.all()) {
        auto number = column_number(key);
        if (!number || !seen.insert(key).second) continue;
        std::string op = first_or_blank(args, "_filter_op_" + *number);
        add_filter(out, column, op.empty() ? "exact" : op, first_or_blank(args, "_filter_value_" + *number));
        for (const char* stem : {"_filter_column_", "_filter_op_", "_filter_value_"})
            out.emplace_back(stem + *number, std::nullopt);
    }
}

// The form's "descending" checkbox: _sort's column moves to _sort_desc. Without a _sort,
// Datasette passes None for _sort_desc, so an existing _sort_desc is dropped as well.
Changes sort_changes(const QueryArgs& args) {
    if (!args.has("_sort_by_desc")) return {};
    return {{"_sort_desc", args.first("_sort")}, {"_sort_by_desc", std::nullopt}, {"_sort", std::nullopt}};
}

// Python's quote_plus of text that parse_qsl decoded with errors="replace": ill-formed UTF-8
// becomes U+FFFD before it is encoded again.
std::string quote(std::string_view text) {
    std::string storage;
    return url_quote_plus(utf8_or_replaced(text, storage));
}

// path_with_added_args: parse_qsl drops blank values, dropped keys go, additions follow.
std::string with_changes(const QueryArgs& args, const Changes& changes) {
    auto dropped = [&](const std::string& key) {
        return std::any_of(changes.begin(), changes.end(), [&](const Change& c) { return !c.second && c.first == key; });
    };
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& [key, value] : args.all())
        if (!value.empty() && !dropped(key)) pairs.emplace_back(key, value);
    for (const auto& [key, value] : changes)
        if (value) pairs.emplace_back(key, *value);
    std::string query;
    for (const auto& [key, value] : pairs) query += (query.empty() ? "" : "&") + quote(key) + "=" + quote(value);
    return query;
}

}  // namespace

std::optional<std::string> filter_redirect_query(const QueryArgs& args) {
    Changes changes;
    add_unnumbered(args, changes);
    add_numbered(args, changes);
    // The filter redirect comes first; _sort_by_desc is handled on the page it leads to.
    if (changes.empty()) changes = sort_changes(args);
    if (changes.empty()) return std::nullopt;
    return with_changes(args, changes);
}

std::string query_with_added_arg(const QueryArgs& args, std::string key, std::string value) {
    return with_changes(args, {{std::move(key), std::move(value)}});
}

Response filter_redirect(const std::string& path, const std::string& query) {
    std::string location = query.empty() ? path : path + "?" + query;
    Response response = Response::redirect(location);
    response.set_header("link", "<" + location + ">; rel=preload");
    response.set_header("referrer-policy", "no-referrer");
    return response;
}

}  // namespace liteserve::api
