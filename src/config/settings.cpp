// The settings table: one row per setting binds its name, type, help and struct field.
#include "config/settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <variant>

namespace liteserve::config {
namespace {

using Field = std::variant<std::int64_t Settings::*, bool Settings::*, std::string Settings::*>;

struct SettingRow {
    SettingInfo info;
    Field field;
    std::int64_t min_value = 0;
};

const std::vector<SettingRow>& rows() {
    using K = SettingKind;
    static const std::vector<SettingRow> table = {
        {{"default_page_size", K::Integer, true, "Default page size for the table view"}, &Settings::default_page_size, 0},
        {{"max_returned_rows", K::Integer, true, "Maximum rows that can be returned from a table or query"}, &Settings::max_returned_rows, 1},
        {{"max_insert_rows", K::Integer, true, "Maximum rows that can be inserted at a time using the bulk insert API"}, &Settings::max_insert_rows, 1},
        {{"num_sql_threads", K::Integer, true, "Number of threads in the thread pool for executing SQLite queries"}, &Settings::num_sql_threads, 1},
        {{"sql_time_limit_ms", K::Integer, true, "Time limit for a SQL query in milliseconds"}, &Settings::sql_time_limit_ms, 1},
        {{"default_facet_size", K::Integer, true, "Number of values to return for requested facets"}, &Settings::default_facet_size, 0},
        {{"facet_time_limit_ms", K::Integer, true, "Time limit for calculating a requested facet"}, &Settings::facet_time_limit_ms, 1},
        {{"facet_suggest_time_limit_ms", K::Integer, true, "Time limit for calculating a suggested facet"}, &Settings::facet_suggest_time_limit_ms, 1},
        {{"allow_facet", K::Boolean, true, "Allow users to specify columns to facet using ?_facet= parameter"}, &Settings::allow_facet},
        {{"allow_download", K::Boolean, true, "Allow users to download the original SQLite database files"}, &Settings::allow_download},
        {{"allow_signed_tokens", K::Boolean, true, "Allow users to create and use signed API tokens"}, &Settings::allow_signed_tokens},
        {{"default_allow_sql", K::Boolean, true, "Allow anyone to run arbitrary SQL queries"}, &Settings::default_allow_sql},
        {{"max_signed_tokens_ttl", K::Integer, true, "Maximum allowed expiry time for signed API tokens"}, &Settings::max_signed_tokens_ttl, 0},
        {{"suggest_facets", K::Boolean, true, "Calculate and display suggested facets"}, &Settings::suggest_facets},
        {{"default_cache_ttl", K::Integer, true, "Default HTTP cache TTL (used in Cache-Control: max-age= header)"}, &Settings::default_cache_ttl, 0},
        {{"cache_size_kb", K::Integer, true, "SQLite cache size in KB (0 == use SQLite default)"}, &Settings::cache_size_kb, 0},
        {{"allow_csv_stream", K::Boolean, true, "Allow .csv?_stream=1 to download all rows (ignoring max_returned_rows)"}, &Settings::allow_csv_stream},
        {{"max_csv_mb", K::Integer, true, "Maximum size allowed for CSV export in MB - set 0 to disable this limit"}, &Settings::max_csv_mb, 0},
        {{"truncate_cells_html", K::Integer, true, "Truncate cells longer than this in HTML table view - set 0 to disable"}, &Settings::truncate_cells_html, 0},
        {{"force_https_urls", K::Boolean, true, "Force URLs in API output to always use https:// protocol"}, &Settings::force_https_urls},
        {{"template_debug", K::Boolean, true, "Allow display of template debug information with ?_context=1"}, &Settings::template_debug},
        {{"trace_debug", K::Boolean, true, "Allow display of SQL trace debug information with ?_trace=1"}, &Settings::trace_debug},
        {{"base_url", K::Text, true, "Datasette URLs should use this base path"}, &Settings::base_url},
        {{"max_body_kb", K::Integer, false, "liteserve: largest request body accepted, in KB (larger: 413)"}, &Settings::max_body_kb, 1},
        {{"max_header_kb", K::Integer, false, "liteserve: largest request header block, in KB (larger: 431)"}, &Settings::max_header_kb, 1},
        {{"read_timeout_ms", K::Integer, false, "liteserve: time allowed to receive one whole request"}, &Settings::read_timeout_ms, 1},
        {{"keep_alive_timeout_ms", K::Integer, false, "liteserve: idle time before a keep-alive connection is closed"}, &Settings::keep_alive_timeout_ms, 1},
        {{"max_pipelined_requests", K::Integer, false, "liteserve: requests read ahead of their responses per connection"}, &Settings::max_pipelined_requests, 1},
        {{"max_connections", K::Integer, false, "liteserve: simultaneous client connections"}, &Settings::max_connections, 1},
        {{"max_queued_requests", K::Integer, false, "liteserve: requests waiting for a SQL thread before 503"}, &Settings::max_queued_requests, 1},
        {{"io_threads", K::Integer, false, "liteserve: threads handling sockets (SQL runs on num_sql_threads)"}, &Settings::io_threads, 1},
        {{"write_threads", K::Integer, false, "liteserve: threads for requests that may write (POST…): they parse bodies and run or wait for commits, apart from the readers"}, &Settings::write_threads, 1},
        {{"max_write_batch", K::Integer, false, "liteserve: write requests committed together in one transaction (1: group commit off)"}, &Settings::max_write_batch, 1},
        {{"stream_time_limit_ms", K::Integer, false, "liteserve: CPU time limit for one _stream=on response over a mutable database, in milliseconds (0: none)"}, &Settings::stream_time_limit_ms, 0},
        {{"immutable_stream_time_limit_ms", K::Integer, false, "liteserve: the same for immutable (-i) databases (0, the default: none)"}, &Settings::immutable_stream_time_limit_ms, 0},
        {{"cors_origins", K::Text, false, "liteserve: comma-separated origins CORS allows (each echoed back, with Vary: Origin); turns CORS on without --cors"}, &Settings::cors_origins},
    };
    return table;
}

const SettingRow& find_row(std::string_view name) {
    for (const auto& row : rows())
        if (row.info.name == name) return row;
    throw std::invalid_argument("Unknown setting: " + std::string(name) +
                                " (liteserve --help-settings lists them)");
}

bool parse_bool(std::string_view name, std::string_view value) {
    // Datasette's value_as_boolean lower-cases first, so "ON" and "True" are accepted too.
    std::string v(value);
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (v == "on" || v == "true" || v == "1") return true;
    if (v == "off" || v == "false" || v == "0") return false;
    throw std::invalid_argument("Setting " + std::string(name) + " expects on/off or true/false, got '" +
                                std::string(value) + "'");
}

std::int64_t parse_integer(const SettingRow& row, std::string_view value) {
    std::int64_t parsed = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty())
        throw std::invalid_argument("Setting " + std::string(row.info.name) + " expects an integer, got '" +
                                    std::string(value) + "'");
    if (parsed < row.min_value)
        throw std::invalid_argument("Setting " + std::string(row.info.name) + " must be at least " +
                                    std::to_string(row.min_value));
    return parsed;
}

// Settings text is plain ASCII paths and names; escaping quotes and backslashes suffices.
std::string quoted_json(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

const std::vector<SettingInfo>& setting_infos() {
    static const std::vector<SettingInfo> infos = [] {
        std::vector<SettingInfo> out;
        for (const auto& row : rows()) out.push_back(row.info);
        return out;
    }();
    return infos;
}

void apply_setting(Settings& settings, std::string_view name, std::string_view value) {
    const SettingRow& row = find_row(name);
    std::visit(
        [&](auto member) {
            using T = std::remove_reference_t<decltype(settings.*member)>;
            if constexpr (std::is_same_v<T, bool>) settings.*member = parse_bool(name, value);
            else if constexpr (std::is_same_v<T, std::int64_t>) settings.*member = parse_integer(row, value);
            else settings.*member = std::string(value);
        },
        row.field);
}

std::string setting_json(const Settings& settings, std::string_view name) {
    const SettingRow& row = find_row(name);
    std::string out;
    std::visit(
        [&](auto member) {
            const auto& v = settings.*member;
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) out = v ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::int64_t>) out = std::to_string(v);
            else out = quoted_json(v);
        },
        row.field);
    return out;
}

}  // namespace liteserve::config
