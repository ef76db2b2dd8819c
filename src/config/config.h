// The -c/--config and -m/--metadata files (Datasette's JSON format), loaded and validated
// once at start-up into plain values the views read. Immutable after loading.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/rules.h"

namespace liteserve::config {

struct CannedQuery {
    std::string name;
    std::string sql;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> description_html;
    std::optional<std::string> fragment;
    bool hide_sql = false;
    bool write = false;
    std::vector<std::string> params;  // "params": the parameter names, when configured
    // Writable queries: what a POST answers with (Datasette's on_success_* / on_error_*).
    std::optional<std::string> on_success_message;
    std::optional<std::string> on_success_message_sql;
    std::optional<std::string> on_success_redirect;
    std::optional<std::string> on_error_message;
    std::optional<std::string> on_error_redirect;
    std::string options_json;  // the query's whole config object as JSON (for _extra=metadata)
};

// One facet configured for a table ("facets": ["state", {"array": "tags"}, {"date": "created"}]).
struct FacetConfig {
    std::string type;    // "column", "array" or "date"
    std::string column;
};

struct TableConfig {
    std::optional<std::vector<std::string>> sortable_columns;
    bool hidden = false;
    std::optional<std::string> label_column;
    std::optional<std::string> sort;
    std::optional<std::string> sort_desc;
    std::optional<std::int64_t> size;
    std::optional<std::string> fts_table;
    std::optional<std::string> fts_pk;
    std::vector<FacetConfig> facets;           // in file order
    std::optional<std::int64_t> facet_size;    // a positive count; "max" is kFacetSizeMax
    static constexpr std::int64_t kFacetSizeMax = -1;
    std::optional<std::string> searchmode;  // "raw": _search is FTS syntax unless ?_searchmode=escaped
    std::string metadata_json = "{}";  // the metadata file's object for the table (title, description, columns…)
};

struct DatabaseConfig {
    std::map<std::string, TableConfig, std::less<>> tables;
    std::vector<CannedQuery> queries;  // in file order
    std::string metadata_json = "{}";
};

struct Config {
    std::map<std::string, DatabaseConfig, std::less<>> databases;
    std::string config_json = "{}";    // the config file (secrets redacted) for /-/config.json
    std::string metadata_json = "{}";  // instance metadata for /-/metadata.json
    // allow / allow_sql / permissions blocks (config file, plus metadata allow blocks)
    auth::PermissionRules permissions;
    // Lookups that return nullptr when nothing is configured.
    const DatabaseConfig* database(std::string_view name) const;
    const TableConfig* table(std::string_view db, std::string_view table) const;
};

// Reads and validates both files (either path may be empty). Throws std::invalid_argument
// with a one-line message naming the file and the problem.
Config load_config(const std::string& config_path, const std::string& metadata_path);

}  // namespace liteserve::config
