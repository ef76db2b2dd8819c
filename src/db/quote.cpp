// Identifier quoting compatible with the SQL text Datasette shows in `_extra=query`/`count_sql`.
#include "db/quote.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace liteserve::db {
namespace {

// Datasette's reserved word list: names in it are bracketed even when otherwise plain.
constexpr std::array<std::string_view, 124> kReservedWords = {
    "abort", "action", "add", "after", "all", "alter", "analyze", "and", "as", "asc",
    "attach", "autoincrement", "before", "begin", "between", "by", "cascade", "case", "cast",
    "check", "collate", "column", "commit", "conflict", "constraint", "create", "cross",
    "current_date", "current_time", "current_timestamp", "database", "default", "deferrable",
    "deferred", "delete", "desc", "detach", "distinct", "drop", "each", "else", "end",
    "escape", "except", "exclusive", "exists", "explain", "fail", "for", "foreign", "from",
    "full", "glob", "group", "having", "if", "ignore", "immediate", "in", "index", "indexed",
    "initially", "inner", "insert", "instead", "intersect", "into", "is", "isnull", "join",
    "key", "left", "like", "limit", "match", "natural", "no", "not", "notnull", "null", "of",
    "offset", "on", "or", "order", "outer", "plan", "pragma", "primary", "query", "raise",
    "recursive", "references", "regexp", "reindex", "release", "rename", "replace",
    "restrict", "right", "rollback", "row", "savepoint", "select", "set", "table", "temp",
    "temporary", "then", "to", "transaction", "trigger", "union", "unique", "update", "using",
    "vacuum", "values", "view", "virtual", "when", "where", "with", "without"};

bool is_plain_name(std::string_view name) {
    if (name.empty()) return false;
    auto head = static_cast<unsigned char>(name.front());
    if (!(std::isalpha(head) || head == '_')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x80 && (std::isalnum(u) || u == '_');
    });
}

bool is_reserved(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(kReservedWords.begin(), kReservedWords.end(), lower) != kReservedWords.end();
}

std::string double_quoted(std::string_view name) {
    std::string out;
    out.reserve(name.size() + 2);
    out.push_back('"');
    for (char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

}  // namespace

std::string quote_identifier(std::string_view name, QuoteStyle style) {
    if (style == QuoteStyle::Double) return double_quoted(name);
    if (style == QuoteStyle::Datasette && is_plain_name(name) && !is_reserved(name)) return std::string(name);
    if (name.find(']') == std::string_view::npos) {
        std::string bracketed;
        bracketed.reserve(name.size() + 2);
        bracketed.append("[").append(name).append("]");
        return bracketed;
    }
    return double_quoted(name);
}

}  // namespace liteserve::db
