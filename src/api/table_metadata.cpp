// Datasette keeps metadata in internal tables with one text value per key (app.py's
// apply_metadata_json and _to_string); this file reproduces what reading them back gives.
#include "api/table_metadata.h"

#include <algorithm>
#include <array>

#include <rapidjson/document.h>

#include "api/row_values.h"

namespace liteserve::api {
namespace {

using rapidjson::Value;

// Datasette's _table_config_keys: move_table_config takes these out of the metadata (they
// configure the table rather than describe it). "plugins" goes to the configuration too.
constexpr std::array<std::string_view, 11> kNotMetadata = {
    "hidden", "sort", "sort_desc", "size", "sortable_columns", "label_column",
    "facets", "fts_table", "fts_pk", "searchmode", "plugins"};

bool is_metadata_key(std::string_view key) {
    return key != "columns" && std::find(kNotMetadata.begin(), kNotMetadata.end(), key) == kNotMetadata.end();
}

rapidjson::Document parse(std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) doc.SetObject();
    return doc;
}

}  // namespace

std::map<std::string, std::string> column_descriptions(std::string_view table_metadata_json) {
    std::map<std::string, std::string> out;
    auto doc = parse(table_metadata_json);
    auto columns = doc.FindMember("columns");
    if (columns == doc.MemberEnd() || !columns->value.IsObject()) return out;
    for (const auto& m : columns->value.GetObject())
        out[std::string(m.name.GetString(), m.name.GetStringLength())] = json_text(m.value);
    return out;
}

void write_resource_metadata(JsonWriter& w, std::string_view table_metadata_json) {
    auto doc = parse(table_metadata_json);
    w.begin_object();
    for (const auto& m : doc.GetObject()) {
        std::string_view key(m.name.GetString(), m.name.GetStringLength());
        if (!is_metadata_key(key)) continue;
        w.key(key);
        // _to_string: text stays text, anything else is stored as json.dumps of it.
        if (m.value.IsString()) w.string({m.value.GetString(), m.value.GetStringLength()});
        else w.string(json_text(m.value));
    }
    w.key("columns").begin_object();
    for (const auto& [column, description] : column_descriptions(table_metadata_json))
        w.key(column).raw(description);
    w.end_object();
    w.end_object();
}

}  // namespace liteserve::api
