// A table's metadata as Datasette 1.0 serves it (_extra=metadata on table and row pages, and
// column descriptions in display_columns): read from the metadata file's entry for the table,
// the way Datasette stores that entry in its internal metadata tables.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "api/json_writer.h"

namespace liteserve::api {

// `table_metadata_json` is the table's object from the metadata file (config::TableConfig::
// metadata_json). Writes {"key": "value", …, "columns": {column: description}}: table options
// Datasette moves into the configuration (sortable_columns, facets, …) and "plugins" are left
// out, and every other value is stored as text, so non-strings appear as their JSON text.
void write_resource_metadata(JsonWriter& w, std::string_view table_metadata_json);

// The "columns" block of the table's metadata entry: column name → description, each as JSON
// text ready for JsonWriter::raw (a string, usually).
std::map<std::string, std::string> column_descriptions(std::string_view table_metadata_json);

}  // namespace liteserve::api
