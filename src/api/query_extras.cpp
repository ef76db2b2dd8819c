// The query scope's extras as a table of name → description → writer; the table's order is
// the order Datasette's registry lists them in (?_extra=extras).
#include "api/query_extras.h"

#include <algorithm>

#include "api/query_args.h"
#include "api/request_extras.h"
#include "api/table_extras.h"

namespace liteserve::api {
namespace {

using ExtraWriter = void (*)(JsonWriter&, const QueryExtrasInput&);

struct QueryExtra {
    const char* name;
    const char* description;
    ExtraWriter write;
};

void write_extras_block(JsonWriter& w, const QueryExtrasInput& in);

// Without render_cell plugins every cell renders as itself, so each row maps nothing.
void write_render_cell(JsonWriter& w, const QueryExtrasInput& in) {
    w.begin_array();
    for (std::size_t i = 0; i < in.row_count; ++i) w.begin_object().end_object();
    w.end_array();
}

// Datasette's url_vars for /{database}/-/query(.format): the raw database segment and the
// format (null without one). A stored query is served by the table route.
void write_query_url_vars(JsonWriter& w, const QueryExtrasInput& in) {
    if (in.spec.stored_query) return write_url_vars(w, in.request, Route::Table);
    std::string_view path = in.request.path;
    path.remove_prefix(std::min<std::size_t>(1, path.size()));
    const std::string& format = in.request.param("format");
    w.begin_object();
    w.key("database").string(path.substr(0, path.find('/')));
    w.key("format");
    if (format.empty()) w.null(); else w.string(format);
    w.end_object();
}

void write_debug(JsonWriter& w, const QueryExtrasInput& in) {
    w.begin_object();
    w.key("url_vars");
    write_query_url_vars(w, in);
    w.end_object();
}

void write_query(JsonWriter& w, const QueryExtrasInput& in) {
    w.begin_object();
    w.key("sql");
    if (in.spec.sql_given) w.string(in.spec.sql); else w.null();
    w.key("params").begin_object();
    for (const auto& [key, value] : extra_query_params(in.spec.params, in.spec.sql)) w.key(key).string(value);
    w.end_object();
    w.end_object();
}

void write_metadata(JsonWriter& w, const QueryExtrasInput& in) {
    if (in.spec.metadata) return in.spec.metadata(w);
    const auto* dc = in.ctx.config.database(in.request.param("db"));
    w.raw(dc ? dc->metadata_json : "{}");
}

const std::vector<QueryExtra>& query_extras() {
    static const std::vector<QueryExtra> table = {
        {"columns", "Column names returned by this query",
         [](JsonWriter& w, const QueryExtrasInput& in) { w.strings(in.columns); }},
        {"render_cell", "Rendered HTML for each cell using the render_cell plugin hook", write_render_cell},
        {"debug", "Extra debug information", write_debug},
        {"request", "Full information about the request",
         [](JsonWriter& w, const QueryExtrasInput& in) { write_request_info(w, in.request); }},
        {"query", "Details of the underlying SQL query", write_query},
        {"metadata", "Metadata about the table, database or stored query", write_metadata},
        {"extras", "Available ?_extra= blocks", write_extras_block},
        {"database", "Database name",
         [](JsonWriter& w, const QueryExtrasInput& in) { w.string(in.request.param("db")); }},
        {"database_color", "Color assigned to the database",
         [](JsonWriter& w, const QueryExtrasInput& in) { w.string(database_color(in.request.param("db"))); }},
        {"private", "Whether this resource is private to the current actor",
         [](JsonWriter& w, const QueryExtrasInput& in) { w.boolean(in.spec.is_private); }},
    };
    return table;
}

std::vector<std::string> requested(const Request& request) {
    return QueryArgs::parse(request.query).comma_list("_extra");
}

void write_extras_block(JsonWriter& w, const QueryExtrasInput& in) {
    std::vector<ExtraInfo> infos;
    for (const auto& extra : query_extras()) infos.push_back({extra.name, extra.description});
    write_extras_list(w, in.request, infos, requested(in.request));
}

void write_one(JsonWriter& w, const QueryExtrasInput& in, const std::string& name) {
    auto it = std::find_if(query_extras().begin(), query_extras().end(),
                           [&](const QueryExtra& e) { return name == e.name; });
    if (it == query_extras().end()) return;
    w.key(name);
    it->write(w, in);
}

}  // namespace

void write_query_extras(JsonWriter& w, const QueryExtrasInput& in) {
    auto names = requested(in.request);
    if (std::find(names.begin(), names.end(), "columns") != names.end()) write_one(w, in, "columns");
    std::vector<std::string> written = {"columns"};
    for (const auto& name : names) {
        if (std::find(written.begin(), written.end(), name) != written.end()) continue;
        written.push_back(name);
        write_one(w, in, name);
    }
}

}  // namespace liteserve::api
