// The authorizer callback behind ReadOnlyGuard, and the pragma functions Datasette allows.
#include "db/sql_guard.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace liteserve::db {
namespace {

constexpr std::array<std::string_view, 13> kAllowedPragmaFunctions = {
    "database_list", "foreign_key_list", "function_list", "index_info", "index_list", "index_xinfo",
    "page_count", "max_page_count", "page_size", "schema_version", "table_info", "table_xinfo", "table_list"};

bool is_allowed_pragma_table(std::string_view table) {
    if (table.rfind("pragma_", 0) != 0) return true;
    auto name = table.substr(7);
    return std::find(kAllowedPragmaFunctions.begin(), kAllowedPragmaFunctions.end(), name) !=
           kAllowedPragmaFunctions.end();
}

// Index of the first character at or after `i` that is not whitespace or a comment (what
// Python's sqlite3 skips after a statement: a second ';' is a second statement to it).
std::size_t skip_trivia(std::string_view text, std::size_t i) {
    while (i < text.size()) {
        char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
        if (text.substr(i, 2) == "--") {
            auto end = text.find('\n', i);
            i = end == std::string_view::npos ? text.size() : end + 1;
            continue;
        }
        if (text.substr(i, 2) == "/*") {
            auto end = text.find("*/", i + 2);
            i = end == std::string_view::npos ? text.size() : end + 2;
            continue;
        }
        break;
    }
    return i;
}

bool only_trivia(std::string_view rest) { return skip_trivia(rest, 0) == rest.size(); }

// A syntax error in text that does not even start like a query is reported as Datasette
// does ("Statement must be a SELECT") rather than with SQLite's parser message.
bool starts_like_query(std::string_view sql) {
    std::string word;
    for (std::size_t i = skip_trivia(sql, 0); i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
    return word == "select" || word == "with" || word == "explain" || word == "values";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
// Python's \w, with every non-ASCII byte counted as a letter (most non-ASCII characters are).
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }

std::string_view strip(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Consumes `word` at the front of `s` when a word boundary (\b) follows it.
bool take_word(std::string_view& s, std::string_view word) {
    if (s.substr(0, word.size()) != word) return false;
    if (s.size() > word.size() && is_word(s[word.size()])) return false;
    s.remove_prefix(word.size());
    return true;
}

// Consumes one or more whitespace characters (\s+).
bool take_space(std::string_view& s) {
    std::size_t n = 0;
    while (n < s.size() && is_space(s[n])) ++n;
    s.remove_prefix(n);
    return n > 0;
}

// ^select\b, ^with\b, ^explain\s+(query\s+plan\s+)?(select|with)\b
bool allowed_start(std::string_view s) {
    if (take_word(s, "select") || take_word(s, "with")) return true;
    if (!take_word(s, "explain") || !take_space(s)) return false;
    std::string_view plan = s;
    if (take_word(plan, "query") && take_space(plan) && take_word(plan, "plan") && take_space(plan))
        s = plan;
    return take_word(s, "select") || take_word(s, "with");
}

// pragma(?!_(allowed names)) anywhere in the text.
bool mentions_disallowed_pragma(std::string_view s) {
    for (auto at = s.find("pragma"); at != std::string_view::npos; at = s.find("pragma", at + 1)) {
        std::string_view after = s.substr(at + 6);
        auto allowed = [&](std::string_view name) {
            return after.size() > name.size() && after[0] == '_' && after.substr(1, name.size()) == name;
        };
        if (std::none_of(kAllowedPragmaFunctions.begin(), kAllowedPragmaFunctions.end(), allowed)) return true;
    }
    return false;
}

// Datasette's validate_sql_select, on the text as it reads it: lines starting with "--"
// dropped, then stripped and lower-cased.
void check_select_text(std::string_view sql) {
    std::string text;
    bool first = true;
    for (std::size_t start = 0; start <= sql.size();) {
        auto end = std::min(sql.find('\n', start), sql.size());
        std::string_view line = sql.substr(start, end - start);
        if (strip(line).substr(0, 2) != "--") {
            if (!first) text += '\n';
            text += line;
            first = false;
        }
        start = end + 1;
    }
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view stripped = strip(text);
    if (!allowed_start(stripped)) throw SqlRefused(kNotSelectMessage);
    if (mentions_disallowed_pragma(stripped)) throw SqlRefused(disallowed_pragma_message());
}

}  // namespace

StatementPtr prepare_client_query(Connection& conn, std::string_view sql) {
    check_select_text(sql);
    return prepare_read_only(conn, sql);
}

StatementPtr prepare_read_only(Connection& conn, std::string_view sql) {
    ReadOnlyGuard guard(conn);
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(conn.handle(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK) {
        if (!guard.refusal().empty()) throw SqlRefused(guard.refusal());
        std::string message = sqlite3_errmsg(conn.handle());
        if (message.find("syntax error") != std::string::npos && !starts_like_query(sql))
            throw SqlRefused(kNotSelectMessage);
        throw SqlError(message, rc);
    }
    if (!stmt) throw SqlRefused(kNotSelectMessage);
    std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
    if (!only_trivia(rest)) throw MultipleStatements();
    if (!sqlite3_stmt_readonly(stmt.get()) || !starts_like_query(sql)) throw SqlRefused(kNotSelectMessage);
    return stmt;
}

StatementPtr prepare_trusted(Connection& conn, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(conn.handle(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK) conn.throw_error(rc);
    if (!stmt) throw SqlError("the query is empty", SQLITE_MISUSE);
    std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
    if (!only_trivia(rest)) throw MultipleStatements();
    return stmt;
}

std::string disallowed_pragma_message() {
    std::string out = "Statement contained a disallowed PRAGMA. Allowed pragma functions are ";
    for (std::size_t i = 0; i < kAllowedPragmaFunctions.size(); ++i) {
        if (i) out += ", ";
        out += "pragma_" + std::string(kAllowedPragmaFunctions[i]) + "()";
    }
    return out;
}

ReadOnlyGuard::ReadOnlyGuard(Connection& conn) : conn_(conn) {
    sqlite3_set_authorizer(conn_.handle(), &ReadOnlyGuard::authorize, this);
}

ReadOnlyGuard::~ReadOnlyGuard() { sqlite3_set_authorizer(conn_.handle(), nullptr, nullptr); }

int ReadOnlyGuard::authorize(void* self, int action, const char* a, const char* b, const char*, const char*) {
    auto* guard = static_cast<ReadOnlyGuard*>(self);
    std::string_view table = a ? a : "";
    // FTS5 reads `PRAGMA data_version` when it opens an index: allow that one read-only
    // pragma here; a statement that is itself a pragma is refused by prepare_read_only.
    if (action == SQLITE_PRAGMA && table == "data_version" && b == nullptr) return SQLITE_OK;
    switch (action) {
        case SQLITE_SELECT:
        case SQLITE_FUNCTION:
        case SQLITE_RECURSIVE:
            return SQLITE_OK;
        case SQLITE_READ:
            if (!is_allowed_pragma_table(table)) {
                guard->refusal_ = disallowed_pragma_message();
                return SQLITE_DENY;
            }
            return SQLITE_OK;
        case SQLITE_UPDATE:
            // SQLite reports its own parse of the schema on a fresh connection as updates of
            // sqlite_master; the connection is read-only, so nothing can actually be written.
            if (table == "sqlite_master" || table == "sqlite_temp_master") return SQLITE_OK;
            [[fallthrough]];
        default:
            if (guard->refusal_.empty()) guard->refusal_ = kNotSelectMessage;
            return SQLITE_DENY;
    }
}


std::vector<std::string> statement_parameters(sqlite3_stmt* stmt) {
    std::vector<std::string> names;
    for (int i = 1; i <= sqlite3_bind_parameter_count(stmt); ++i) {
        const char* name = sqlite3_bind_parameter_name(stmt, i);
        if (name && (name[0] == ':' || name[0] == '@' || name[0] == '$')) names.emplace_back(name + 1);
    }
    return names;
}

}  // namespace liteserve::db
