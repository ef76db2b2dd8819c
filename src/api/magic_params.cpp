// The five magic parameter families of Datasette's default_magic_parameters.py.
#include "api/magic_params.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <ctime>

namespace liteserve::api {
namespace {

constexpr std::array<std::string_view, 5> kPrefixes = {"header", "actor", "cookie", "now", "random"};

std::optional<std::string> header(std::string_view suffix, const MagicInputs& in) {
    // As Datasette, the name is not lower-cased: it is compared with the lower-cased names
    // the HTTP layer delivers, so only lower-case suffixes ever match.
    std::string name(suffix);
    std::replace(name.begin(), name.end(), '_', '-');
    for (const auto& [key, value] : in.headers)
        if (key == name) return value;
    return std::string();
}

std::optional<db::Value> actor(std::string_view suffix, const MagicInputs& in) {
    if (!in.actor) return std::nullopt;
    if (suffix == "id") return db::Value(in.actor->id);
    if (suffix == "token") return db::Value(in.actor->token);
    if (suffix == "token_expires" && in.actor->token_expires) return db::Value(*in.actor->token_expires);
    return std::nullopt;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// "a=1; b=2" → the value of `name` (a quoted value loses its quotes).
std::optional<std::string> cookie(std::string_view suffix, const MagicInputs& in) {
    for (const auto& [key, value] : in.headers) {
        if (key != "cookie") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            auto end = rest.find(';');
            std::string_view part = trim(rest.substr(0, end));
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            auto eq = part.find('=');
            if (eq == std::string_view::npos || trim(part.substr(0, eq)) != suffix) continue;
            std::string_view v = trim(part.substr(eq + 1));
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
            return std::string(v);
        }
    }
    return std::nullopt;
}

std::optional<db::Value> now(std::string_view suffix, const MagicInputs& in) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(in.now);
    if (suffix == "epoch") return db::Value(static_cast<std::int64_t>(seconds));
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    if (suffix == "date_utc") {
        std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
        return db::Value(std::string(text));
    }
    if (suffix == "datetime_utc") {
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
        return db::Value(std::string(text));
    }
    return std::nullopt;
}

std::optional<db::Value> random(std::string_view suffix, const MagicInputs& in) {
    constexpr std::string_view prefix = "chars_";
    if (!suffix.starts_with(prefix) || suffix.size() == prefix.size()) return std::nullopt;
    std::string_view digits = suffix.substr(prefix.size());
    std::size_t count = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (ec != std::errc() || end != digits.data() + digits.size() || count > 4096 || !in.random_hex)
        return std::nullopt;
    return db::Value(in.random_hex(count));
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

}  // namespace

std::optional<std::pair<std::string_view, std::string_view>> split_magic(std::string_view name) {
    if (name.size() < 2 || name.front() != '_') return std::nullopt;
    auto underscore = name.find('_', 1);
    if (underscore == std::string_view::npos) return std::nullopt;
    std::string_view prefix = name.substr(1, underscore - 1);
    for (std::string_view known : kPrefixes)
        if (prefix == known) return std::make_pair(prefix, name.substr(underscore + 1));
    return std::nullopt;
}

std::optional<db::Value> resolve_magic(std::string_view name, const MagicInputs& inputs) {
    auto parts = split_magic(name);
    if (!parts) return std::nullopt;
    auto [prefix, suffix] = *parts;
    auto text = [](std::optional<std::string> s) { return s ? std::optional<db::Value>(std::move(*s)) : std::nullopt; };
    if (prefix == "header") return text(header(suffix, inputs));
    if (prefix == "actor") return actor(suffix, inputs);
    if (prefix == "cookie") return text(cookie(suffix, inputs));
    if (prefix == "now") return now(suffix, inputs);
    return random(suffix, inputs);
}

bool sql_uses_magic(std::string_view sql) {
    for (std::size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c != ':' && c != '@' && c != '$') continue;
        std::size_t end = i + 1;
        while (end < sql.size() && is_name_char(sql[end])) ++end;
        if (split_magic(sql.substr(i + 1, end - i - 1))) return true;
        i = end - 1;
    }
    return false;
}

}  // namespace liteserve::api
