// Query-string decoding through Boost.URL.
#include "api/query_args.h"

#include <algorithm>
#include <cctype>

#include <boost/url/encode.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_encoded_view.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/pchars.hpp>

#include "liteserve/error.h"

namespace liteserve::api {

namespace {

// What RFC 3986 allows unescaped in a query.
constexpr auto kQueryChars = boost::urls::pchars + "/?";

// Escapes what the strict parser refuses, leaving the '%' of existing escapes as sent.
// Boost.URL's encode must not be given a character set containing '%' (a precondition it
// asserts), so the pieces between them are encoded one by one.
std::string escape_query(std::string_view raw) {
    std::string out;
    for (std::size_t start = 0;;) {
        auto percent = raw.find('%', start);
        out += boost::urls::encode(raw.substr(start, percent - start), kQueryChars);
        if (percent == std::string_view::npos) return out;
        out += '%';
        start = percent + 1;
    }
}

}  // namespace

QueryArgs QueryArgs::parse(std::string_view raw) {
    QueryArgs args;
    if (raw.empty()) return args;
    // Browsers and curl send '[', ']', '"', '{' and raw UTF-8 unescaped (?pk__in=[1,2]), and
    // Datasette accepts them: escape them before Boost.URL's strict parser sees the query.
    std::string escaped = escape_query(raw);
    auto parsed = boost::urls::parse_query(escaped);
    if (!parsed) throw HttpError(400, "Invalid query string: " + parsed.error().message());
    boost::urls::encoding_opts opts;
    opts.space_as_plus = true;
    for (auto param : parsed.value()) {
        std::string key = param.key.decode(opts);
        std::string value = param.has_value ? param.value.decode(opts) : std::string();
        args.pairs_.emplace_back(std::move(key), std::move(value));
    }
    return args;
}

std::optional<std::string> QueryArgs::first(std::string_view key) const {
    for (const auto& [k, v] : pairs_)
        if (k == key) return v;
    return std::nullopt;
}

std::vector<std::string> QueryArgs::every(std::string_view key) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : pairs_)
        if (k == key) out.push_back(v);
    return out;
}

std::vector<std::string> QueryArgs::comma_list(std::string_view key) const {
    std::vector<std::string> out;
    for (const auto& value : every(key)) {
        std::size_t start = 0;
        while (start <= value.size()) {
            auto end = value.find(',', start);
            if (end == std::string::npos) end = value.size();
            if (end > start) out.push_back(value.substr(start, end - start));
            start = end + 1;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> QueryArgs::without_underscore() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& pair : pairs_)
        // Datasette's rule: "_x" is a special argument unless it contains "__", so that a
        // column named "_x" can still be filtered with ?_x__exact=….
        if (pair.first.empty() || pair.first.front() != '_' || pair.first.find("__") != std::string::npos)
            out.push_back(pair);
    return out;
}

bool QueryArgs::flag(std::string_view key) const {
    std::string v = first(key).value_or("");
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return v == "1" || v == "on" || v == "true";
}

std::string url_quote_plus(std::string_view value) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~') out += static_cast<char>(c);
        else if (c == ' ') out += '+';
        else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
    }
    return out;
}

}  // namespace liteserve::api
