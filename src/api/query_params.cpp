// Datasette's parameter handling for query pages. The scanner below reproduces the regular
// expressions of Datasette's named_parameters() rather than SQLite's tokenizer, because which
// names get a '' default is decided by that text scan, not by the statement SQLite prepares.
#include "api/query_params.h"

#include <algorithm>
#include <cctype>

namespace liteserve::api {
namespace {

constexpr auto npos = std::string_view::npos;

// Python's \w on text: ASCII letters, digits and '_', and (approximately) any non-ASCII byte.
bool is_word_byte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// One past the end of the quoted run opening at `open`, or npos where Datasette's pattern
// '(?:''|[^'])*' (and its " and ` twins) does not match. With backtracking, an unterminated
// run still matches up to the last doubled quote in it.
std::size_t quoted_end(std::string_view sql, std::size_t open, char quote) {
    std::size_t last_close = npos;
    for (std::size_t i = open + 1; i < sql.size(); ++i) {
        if (sql[i] != quote) continue;
        if (i + 1 < sql.size() && sql[i + 1] == quote) {
            last_close = i + 1;  // this quote could close the run; the pair may also continue it
            ++i;
            continue;
        }
        return i + 1;
    }
    return last_close;
}

// One past the end of the comment, literal or quoted identifier starting at `i`, or npos.
std::size_t skipped_run_end(std::string_view sql, std::size_t i) {
    char c = sql[i];
    char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '-' && next == '-') {
        auto end = sql.find('\n', i);
        return end == npos ? sql.size() : end;  // the newline itself stays
    }
    if (c == '/' && next == '*') {
        auto end = sql.find("*/", i + 2);
        return end == npos ? sql.size() : end + 2;
    }
    if (c == '\'' || c == '"' || c == '`') return quoted_end(sql, i, c);
    if (c == '[') {
        auto end = sql.find(']', i + 1);
        return end == npos ? npos : end + 1;
    }
    return npos;
}

// The SQL text with its comments, string literals and quoted identifiers taken out.
std::string without_comments_and_strings(std::string_view sql) {
    std::string out;
    for (std::size_t i = 0; i < sql.size();) {
        auto end = skipped_run_end(sql, i);
        if (end == npos) out += sql[i++];
        else i = end;
    }
    return out;
}

}  // namespace

std::vector<std::string> sql_named_parameters(std::string_view sql) {
    std::string text = without_comments_and_strings(sql);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != ':') continue;
        std::size_t end = i + 1;
        while (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end]))) ++end;
        if (end == i + 1) continue;
        names.push_back(text.substr(i + 1, end - i - 1));
        i = end - 1;
    }
    return names;
}

ParamDict parameter_dict(const QueryArgs& args, const std::vector<std::string>& defaults, bool drop_sql) {
    ParamDict dict;
    for (const auto& [key, value] : args.all()) {
        if (key.empty() && value.empty()) continue;  // an empty "&&" segment, which parse_qs skips
        if (drop_sql && key == "sql") continue;
        if (!find_param(dict, key)) dict.emplace_back(key, value);
    }
    for (const auto& name : defaults)
        if (!name.empty() && name.front() != '_' && !find_param(dict, name)) dict.emplace_back(name, "");
    return dict;
}

const std::string* find_param(const ParamDict& dict, std::string_view key) {
    auto it = std::find_if(dict.begin(), dict.end(), [&](const auto& entry) { return entry.first == key; });
    return it == dict.end() ? nullptr : &it->second;
}

ParamDict extra_query_params(const ParamDict& dict, std::string_view sql) {
    if (sql.empty()) return dict;
    auto names = sql_named_parameters(sql);
    ParamDict out;
    for (const auto& entry : dict)
        if (std::find(names.begin(), names.end(), entry.first) != names.end()) out.push_back(entry);
    return out;
}

std::vector<std::string> binding_keys(sqlite3_stmt* stmt) {
    std::vector<std::string> keys;
    int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i) {
        const char* name = sqlite3_bind_parameter_name(stmt, i);
        if (!name)
            throw db::SqlError("Binding " + std::to_string(i) +
                                   " has no name, but you supplied a dictionary (which has only names).",
                               SQLITE_RANGE);
        keys.emplace_back(name + 1);
    }
    return keys;
}

}  // namespace liteserve::api
