// Each extra is a small function; the table below is the list /_extra=extras reports.
#include "api/table_extras.h"

#include <algorithm>
#include <functional>

#include <openssl/evp.h>

#include "api/actor.h"
#include "api/cells.h"
#include "api/facet_json.h"
#include "api/facet_suggest.h"
#include "api/filter_description.h"
#include "api/html_extras.h"
#include "api/labels.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/request_extras.h"
#include "api/table_metadata.h"
#include "db/cursor.h"
#include "db/sql_guard.h"

namespace liteserve::api {
namespace {

using ExtraWriter = std::function<void(JsonWriter&, const TableExtrasInput&)>;

struct Extra {
    const char* name;
    const char* description;
    ExtraWriter write;
};

// Datasette counts at most 10,001 rows: past that a client learns "more than 10,000"
// without the server scanning a huge table on every page.
constexpr int kCountCap = 10001;

std::string capped_count_sql(const db::SelectSql& sql) {
    return "select count(*) from (select * " + sql.from_sql + "limit " + std::to_string(kCountCap) + ")";
}

// A statement over the page's SQL; SQL that came from the client (?_where=) goes through the
// read-only guard.
db::Cursor open_cursor(const TableExtrasInput& in, const std::string& sql, const db::Params& params) {
    bool client_sql = !QueryArgs::parse(in.request.query).every("_where").empty();
    return client_sql ? db::Cursor(in.conn, db::prepare_read_only(in.conn, sql), params)
                      : db::Cursor(in.conn, sql, params);
}

void write_count(JsonWriter& w, const TableExtrasInput& in) {
    if (in.plan.nocount) { w.null(); return; }
    auto cursor = open_cursor(in, capped_count_sql(in.sql), in.plan.spec.params);
    // As Datasette: a count that runs out of time is reported as null, not as an error.
    try {
        if (cursor.step()) return void(w.integer(cursor.integer(0)));
    } catch (const db::QueryInterrupted& e) {
        if (e.cancelled) throw;
    }
    w.null();
}

void write_extras_list(JsonWriter& w, const TableExtrasInput& in);

FacetPlan facet_plan(const TableExtrasInput& in) {
    return plan_facets(in.ctx, in.database, *in.plan.table, QueryArgs::parse(in.request.query));
}

FacetSource facet_source(const TableExtrasInput& in) {
    bool client_sql = !QueryArgs::parse(in.request.query).every("_where").empty();
    return {in.ctx, in.request, in.database, in.schema, *in.plan.table,
            facet_source_sql(*in.plan.table, in.sql.page_where), in.sql.params, client_sql, in.conn};
}

const FacetResults& facet_results(const TableExtrasInput& in) {
    if (!in.facets) in.facets = compute_facets(facet_source(in), facet_plan(in));
    return *in.facets;
}

// Datasette's path_with_format for the JSON renderer: the path already has a format, so
// the format goes in ?_format=, with _labels=on when the table has foreign keys.
void write_renderers(JsonWriter& w, const TableExtrasInput& in) {
    std::string extra = "_format=json";
    if (!in.plan.table->outgoing.empty()) extra += "&_labels=on";
    std::string url = in.request.path + "?" + (in.request.query.empty() ? "" : in.request.query + "&") + extra;
    w.begin_object().key("json").string(url).end_object();
}

const std::vector<Extra>& extras_table() {
    static const std::vector<Extra> table = {
        {"count", "Total count of rows matching these filters", write_count},
        {"count_sql", "SQL query used to calculate the total count",
         [](JsonWriter& w, const TableExtrasInput& in) { w.string(in.sql.count_sql); }},
        {"facet_results", "Results of facets calculated against this data",
         [](JsonWriter& w, const TableExtrasInput& in) { write_facet_results(w, facet_results(in)); }},
        {"facets_timed_out", "Facet calculations that timed out",
         [](JsonWriter& w, const TableExtrasInput& in) { write_facets_timed_out(w, facet_results(in)); }},
        {"suggested_facets", "Suggestions for facets that might return interesting results",
         [](JsonWriter& w, const TableExtrasInput& in) {
             write_suggested_facets(w, suggest_facets(facet_source(in), facet_plan(in)));
         }},
        {"human_description_en", "Human-readable description of the filters",
         [](JsonWriter& w, const TableExtrasInput& in) {
             w.string(describe_filters(QueryArgs::parse(in.request.query), in.plan.spec.sort,
                                       in.plan.search_descriptions));
         }},
        {"next_url", "Full URL for the next page of results",
         [](JsonWriter& w, const TableExtrasInput& in) {
             if (in.next_url) w.string(*in.next_url); else w.null();
         }},
        {"columns", "Column names returned by this query",
         [](JsonWriter& w, const TableExtrasInput& in) { w.strings(in.plan.columns); }},
        {"all_columns", "All columns in the table, regardless of _col/_nocol filtering",
         [](JsonWriter& w, const TableExtrasInput& in) { w.strings(in.plan.table->column_names()); }},
        {"primary_keys", "Primary keys for this table",
         [](JsonWriter& w, const TableExtrasInput& in) { w.strings(in.plan.table->primary_keys); }},
        {"display_columns", "Column metadata used by the HTML table display",
         [](JsonWriter& w, const TableExtrasInput& in) {
             write_display_columns(w, in.ctx, in.database, *in.plan.table, in.plan.columns);
         }},
        {"render_cell", "Rendered HTML for each cell using the render_cell plugin hook",
         [](JsonWriter& w, const TableExtrasInput& in) { write_render_cell(w, in.row_count); }},
        {"debug", "Extra debug information",
         [](JsonWriter& w, const TableExtrasInput& in) {
             write_table_debug(w, in.request, in.ctx.database(in.database), in.plan.table->name,
                               in.plan.table->is_view);
         }},
        {"request", "Full information about the request",
         [](JsonWriter& w, const TableExtrasInput& in) { write_request_info(w, in.request); }},
        {"query", "Details of the underlying SQL query",
         [](JsonWriter& w, const TableExtrasInput& in) {
             w.begin_object();
             w.key("sql").string(in.sql.sql);
             w.key("params");
             write_params(w, in.sql.params);
             w.end_object();
         }},
        {"column_types", "Column type assignments for this table",
         [](JsonWriter& w, const TableExtrasInput&) { write_column_types(w); }},
        {"set_column_type_ui", "Column type UI metadata for this table",
         [](JsonWriter& w, const TableExtrasInput& in) {
             write_set_column_type_ui(w, in.ctx, request_actor(in.ctx, in.request), in.database, *in.plan.table);
         }},
        {"metadata", "Metadata about the table, database or stored query",
         [](JsonWriter& w, const TableExtrasInput& in) {
             write_resource_metadata(w, in.ctx.table_config(in.database, in.plan.table->name).metadata_json);
         }},
        {"extras", "Available ?_extra= blocks", write_extras_list},
        {"database", "Database name", [](JsonWriter& w, const TableExtrasInput& in) { w.string(in.database); }},
        {"table", "Table name", [](JsonWriter& w, const TableExtrasInput& in) { w.string(in.plan.table->name); }},
        {"database_color", "Color assigned to the database",
         [](JsonWriter& w, const TableExtrasInput& in) { w.string(database_color(in.database)); }},
        {"renderers", "Alternative output renderers available for this table", write_renderers},
        {"custom_table_templates", "Custom template names considered for this table",
         [](JsonWriter& w, const TableExtrasInput& in) {
             write_custom_table_templates(w, in.database, in.plan.table->name, "table");
         }},
        {"sorted_facet_results", "Facet results sorted for display",
         [](JsonWriter& w, const TableExtrasInput& in) {
             std::vector<std::string> configured;
             for (const auto& f : in.ctx.table_config(in.database, in.plan.table->name).facets)
                 configured.push_back(f.column);
             write_sorted_facet_results(w, facet_results(in), configured);
         }},
        {"table_definition", "SQL definition for this table",
         [](JsonWriter& w, const TableExtrasInput& in) {
             if (in.plan.table->is_view) w.null(); else w.string(in.plan.table->definition());
         }},
        {"view_definition", "SQL definition for this view",
         [](JsonWriter& w, const TableExtrasInput& in) {
             if (in.plan.table->is_view) w.string(in.plan.table->definition()); else w.null();
         }},
        {"is_view", "Whether this resource is a view instead of a table",
         [](JsonWriter& w, const TableExtrasInput& in) { w.boolean(in.plan.table->is_view); }},
        {"private", "Whether this resource is private to the current actor",
         [](JsonWriter& w, const TableExtrasInput& in) {
             w.boolean(is_private(in.ctx, "view-table", {in.database, in.plan.table->name}));
         }},
        {"expandable_columns", "Foreign key columns that can be expanded with labels",
         [](JsonWriter& w, const TableExtrasInput& in) {
             write_expandable_columns(w, expandable_columns(in.ctx, in.database, in.schema, *in.plan.table));
         }},
        {"form_hidden_args", "Hidden form arguments used by the HTML table interface",
         [](JsonWriter& w, const TableExtrasInput& in) { write_form_hidden_args(w, in.request); }},
    };
    return table;
}

void write_extras_list(JsonWriter& w, const TableExtrasInput& in) {
    std::vector<ExtraInfo> infos;
    for (const auto& extra : extras_table()) infos.push_back({extra.name, extra.description});
    api::write_extras_list(w, in.request, infos, in.plan.extras);
}

}  // namespace

std::string database_color(const std::string& name) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(name.data(), name.size(), digest, &length, EVP_md5(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 3; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

void write_table_extras(JsonWriter& w, const TableExtrasInput& in) {
    std::vector<std::string> written;
    for (const auto& name : in.plan.extras) {
        if (std::find(written.begin(), written.end(), name) != written.end()) continue;
        auto it = std::find_if(extras_table().begin(), extras_table().end(),
                               [&](const Extra& e) { return name == e.name; });
        if (it == extras_table().end()) continue;
        written.push_back(name);
        w.key(name);
        it->write(w, in);
    }
}

}  // namespace liteserve::api
