// Row-page extras. The list order and descriptions are Datasette's (its extras registry
// filtered to the row scope), so _extra=extras answers what Datasette answers.
#include "api/row_extras.h"

#include <algorithm>

#include "api/cells.h"
#include "api/html_extras.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/request_extras.h"
#include "api/table_extras.h"
#include "api/table_metadata.h"

namespace liteserve::api {
namespace {

using Writer = std::function<void(JsonWriter&, const RowExtrasInput&)>;

struct RowExtra {
    ExtraInfo info;
    Writer write;  // empty: the envelope already carries the key
};

// Datasette's debug for a row: the route variables and what resolving the row produced.
void write_debug(JsonWriter& w, const RowExtrasInput& in) {
    w.begin_object();
    w.key("url_vars");
    write_url_vars(w, in.request, Route::Row);
    w.key("resolved").begin_object();
    w.key("table").string(in.table.name);
    w.key("sql").string(in.sql);
    w.key("params");
    write_params(w, in.params);
    w.key("pks").strings(in.keys);
    w.key("pk_values").begin_array();
    for (const auto& param : in.params) w.string(value_to_text(param.second));
    w.end_array();
    w.end_object();
    w.end_object();
}

void write_extras_list(JsonWriter& w, const RowExtrasInput& in);

const std::vector<RowExtra>& row_extras() {
    static const std::vector<RowExtra> table = {
        {{"columns", "Column names returned by this query"},
         [](JsonWriter& w, const RowExtrasInput& in) { w.strings(in.columns); }},
        {{"primary_keys", "Primary keys for this table"}, {}},
        {{"render_cell", "Rendered HTML for each cell using the render_cell plugin hook"},
         [](JsonWriter& w, const RowExtrasInput&) { write_render_cell(w, 1); }},
        {{"debug", "Extra debug information"}, write_debug},
        {{"request", "Full information about the request"},
         [](JsonWriter& w, const RowExtrasInput& in) { write_request_info(w, in.request); }},
        {{"query", "Details of the underlying SQL query"},
         [](JsonWriter& w, const RowExtrasInput& in) {
             w.begin_object().key("sql").string(in.sql).key("params");
             write_params(w, in.params);
             w.end_object();
         }},
        {{"column_types", "Column type assignments for this table"},
         [](JsonWriter& w, const RowExtrasInput&) { write_column_types(w); }},
        {{"metadata", "Metadata about the table, database or stored query"},
         [](JsonWriter& w, const RowExtrasInput& in) {
             write_resource_metadata(w, in.ctx.table_config(in.database, in.table.name).metadata_json);
         }},
        {{"extras", "Available ?_extra= blocks"}, write_extras_list},
        {{"database", "Database name"}, {}},
        {{"table", "Table name"}, {}},
        {{"database_color", "Color assigned to the database"},
         [](JsonWriter& w, const RowExtrasInput& in) { w.string(database_color(in.database)); }},
        {{"private", "Whether this resource is private to the current actor"},
         [](JsonWriter& w, const RowExtrasInput& in) {
             w.boolean(is_private(in.ctx, "view-table", {in.database, in.table.name}));
         }},
        {{"foreign_key_tables", "Tables that link to this row using foreign keys"},
         [](JsonWriter& w, const RowExtrasInput& in) { in.foreign_key_tables(w); }},
    };
    return table;
}

std::vector<std::string> requested(const Request& request) {
    return QueryArgs::parse(request.query).comma_list("_extra");
}

void write_extras_list(JsonWriter& w, const RowExtrasInput& in) {
    std::vector<ExtraInfo> infos;
    for (const auto& extra : row_extras()) infos.push_back(extra.info);
    api::write_extras_list(w, in.request, infos, requested(in.request));
}

}  // namespace

void write_row_extras(JsonWriter& w, const RowExtrasInput& in) {
    std::vector<std::string> written;
    for (const auto& name : requested(in.request)) {
        if (std::find(written.begin(), written.end(), name) != written.end()) continue;
        auto it = std::find_if(row_extras().begin(), row_extras().end(),
                               [&](const RowExtra& e) { return name == e.info.name; });
        if (it == row_extras().end() || !it->write) continue;
        written.push_back(name);
        w.key(name);
        it->write(w, in);
    }
}

}  // namespace liteserve::api
