// Datasette's settings (-s/--setting NAME VALUE) plus liteserve's own limits, as one table
// of typed fields with their defaults and help text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace liteserve::config {

struct Settings {
    // Datasette settings (shown by /-/settings.json).
    std::int64_t default_page_size = 100;
    std::int64_t max_returned_rows = 1000;
    std::int64_t max_insert_rows = 100;
    std::int64_t num_sql_threads = 3;
    std::int64_t sql_time_limit_ms = 1000;
    std::int64_t default_facet_size = 30;
    std::int64_t facet_time_limit_ms = 200;
    std::int64_t facet_suggest_time_limit_ms = 50;
    bool allow_facet = true;
    bool allow_download = true;
    bool allow_signed_tokens = true;
    bool default_allow_sql = true;
    std::int64_t max_signed_tokens_ttl = 0;
    bool suggest_facets = true;
    std::int64_t default_cache_ttl = 5;
    std::int64_t cache_size_kb = 0;
    bool allow_csv_stream = true;
    std::int64_t max_csv_mb = 100;
    std::int64_t truncate_cells_html = 2048;
    bool force_https_urls = false;
    bool template_debug = false;
    bool trace_debug = false;
    std::string base_url = "/";
    // liteserve's own limits (not part of /-/settings.json).
    std::int64_t max_body_kb = 10 * 1024;
    std::int64_t max_header_kb = 16;
    std::int64_t read_timeout_ms = 30'000;
    std::int64_t keep_alive_timeout_ms = 60'000;
    std::int64_t max_pipelined_requests = 16;
    std::int64_t max_connections = 4096;
    std::int64_t max_queued_requests = 256;
    std::int64_t io_threads = 1;
    // CPU time one streamed response (_stream=on) may spend, across all its chunks; 0: none.
    std::int64_t stream_time_limit_ms = 60'000;
    std::int64_t immutable_stream_time_limit_ms = 0;
    std::int64_t max_write_batch = 64;
    std::int64_t write_threads = 16;
    // Origins allowed by CORS, comma-separated (empty: with --cors, any origin).
    std::string cors_origins;
};

enum class SettingKind { Integer, Boolean, Text };

struct SettingInfo {
    std::string_view name;
    SettingKind kind;
    bool datasette;  // true for Datasette's own settings, false for liteserve extensions
    std::string_view help;
};

const std::vector<SettingInfo>& setting_infos();

// Sets one setting from its command-line text. Throws std::invalid_argument with a
// one-line message for an unknown name or a value of the wrong type or range.
void apply_setting(Settings& settings, std::string_view name, std::string_view value);

// The setting's current value as JSON text (e.g. "100", "true", "\"/\"").
std::string setting_json(const Settings& settings, std::string_view name);

}  // namespace liteserve::config
