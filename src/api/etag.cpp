// Computing ETags, evaluating If-None-Match, and the conservative test for SQL whose result
// can change without a commit. See etag.h for what a tag covers and why.
#include "api/etag.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "api/actor.h"
#include "api/digests.h"
#include "api/magic_params.h"
#include "api/query_args.h"
#include "api/views.h"
#include "config/settings.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

constexpr std::array<std::string_view, 6> kVolatileWords = {
    "random", "randomblob", "now", "current_time", "current_date", "current_timestamp"};
// Date functions read the clock when given no time value: f() (and strftime(format)).
constexpr std::array<std::string_view, 6> kDateFunctions = {"date", "time", "datetime", "julianday", "unixepoch",
                                                            "strftime"};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The number of arguments of the call whose "(" follows `pos` (after whitespace), or -1 when
// no "(" follows. Quoted text is skipped; commas inside nested parentheses do not count.
int call_arguments(std::string_view sql, std::size_t pos) {
    while (pos < sql.size() && std::isspace(static_cast<unsigned char>(sql[pos]))) ++pos;
    if (pos >= sql.size() || sql[pos] != '(') return -1;
    int depth = 0, commas = 0;
    bool empty = true;
    for (std::size_t i = pos + 1; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            i = std::min(sql.find(close, i + 1), sql.size());
            empty = false;
        } else if (c == '(') {
            ++depth;
            empty = false;
        } else if (c == ')') {
            if (depth-- == 0) return empty ? 0 : commas + 1;
        } else if (c == ',' && depth == 0) {
            ++commas;
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
            empty = false;
        }
    }
    return empty ? 0 : commas + 1;
}

const db::Database* find_database(const Context& ctx, std::string_view name) {
    for (const db::Database* db : ctx.databases)
        if (db->name() == name) return db;
    return nullptr;
}

// Whether the SQL that would run for this request (?sql=, ?_where=, a stored query) only
// depends on the data.
bool request_is_deterministic(const Context& ctx, const Request& request) {
    auto args = QueryArgs::parse(request.query);
    for (const char* key : {"sql", "_where"})
        for (const auto& sql : args.every(key))
            if (!sql_is_deterministic(sql)) return false;
    if (const auto* dc = ctx.config.database(request.param("db"))) {
        for (const auto& q : dc->queries)
            if (q.name == request.param("table") && (!sql_is_deterministic(q.sql) || sql_uses_magic(q.sql)))
                return false;
    }
    return true;
}

}  // namespace

std::string instance_fingerprint(const Context& ctx) {
    std::string text = "liteserve " LITESERVE_VERSION "\n";
    for (const auto& info : config::setting_infos())
        text += std::string(info.name) + "=" + config::setting_json(ctx.settings, info.name) + "\n";
    text += ctx.config.config_json + "\n" + ctx.config.metadata_json + "\n";
    text += std::string(ctx.root_enabled ? "root" : "-") + (ctx.default_deny ? " deny" : " -");
    return sha256_hex(text);
}

bool sql_is_deterministic(std::string_view sql) {
    for (std::size_t i = 0; i < sql.size();) {
        if (!word_char(sql[i]) || (i > 0 && word_char(sql[i - 1]))) { ++i; continue; }
        std::size_t end = i;
        std::string word;
        for (; end < sql.size() && word_char(sql[end]); ++end)
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[end])));
        if (std::find(kVolatileWords.begin(), kVolatileWords.end(), word) != kVolatileWords.end()) return false;
        if (std::find(kDateFunctions.begin(), kDateFunctions.end(), word) != kDateFunctions.end()) {
            int arguments = call_arguments(sql, end);
            if (arguments >= 0 && arguments <= (word == "strftime" ? 1 : 0)) return false;
        }
        i = end;
    }
    return true;
}

bool if_none_match(std::string_view header, std::string_view etag) {
    auto opaque = [](std::string_view tag) { return tag.starts_with("W/") ? tag.substr(2) : tag; };
    while (!header.empty()) {
        auto comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.remove_prefix(1);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.remove_suffix(1);
        if (item == "*" || (!item.empty() && opaque(item) == opaque(etag))) return true;
    }
    return false;
}

std::optional<std::string> etag_for(const Context& ctx, const EtagSigner& signer, const Request& request) {
    if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
    const db::Database* database = find_database(ctx, request.param("db"));
    if (!database) return std::nullopt;
    std::optional<std::string> token;
    try {
        if (!request_is_deterministic(ctx, request)) return std::nullopt;
        token = database->change_token();
    } catch (const std::exception&) {
        return std::nullopt;  // the view reports a bad query string or an unreadable file
    }
    if (!token) return std::nullopt;
    std::string who = "-";
    if (request_actor(ctx, request)) who = std::string(request.header("authorization").value_or(""));
    std::string message = signer.fingerprint + "\n" + *token + "\n" + request.target + "\n" +
                          std::string(request.header("host").value_or("")) + "\n" + who;
    return "\"" + signer.mac.hex(message).substr(0, 32) + "\"";
}

Response with_etag(const Context& ctx, const EtagSigner& signer, Request& request, bool cache_headers,
                   const std::function<Response()>& view) {
    std::optional<std::string> tag = etag_for(ctx, signer, request);
    if (tag) {
        auto asked = request.header("if-none-match");
        if (asked && if_none_match(*asked, *tag)) {
            Response not_modified;
            not_modified.status = 304;
            not_modified.set_header("etag", *tag);
            if (cache_headers) add_cache_headers(ctx, request, not_modified);
            return not_modified;
        }
    }
    Response response = view();
    if (tag && response.status == 200) response.set_header("etag", *tag);
    return response;
}

}  // namespace liteserve::api
