// The instance-level JSON endpoints: /.json and the /-/… introspection pages. /.json and
// /-/databases.json list only the databases (and tables) the actor may see.
#include <algorithm>
#include <tuple>

#include <sqlite3.h>

#include "api/actor.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/table_extras.h"
#include "api/table_summary.h"
#include "api/tilde.h"
#include "api/views.h"

namespace liteserve::api {
namespace {

// How many tables /.json lists per database before "tables_and_views_more".
constexpr std::size_t kIndexTablesShown = 5;

void write_index_database(JsonWriter& w, const Context& ctx, const std::optional<auth::Actor>& actor,
                          db::Database& database, const Request& request) {
    auto lease = database.read(read_budget(ctx, request), request.cancelled);
    auto tables = summarize_tables(ctx, actor, database.name(), lease->schema(), lease->conn());
    std::vector<TableSummary> visible;
    std::int64_t rows = 0, hidden_rows = 0, hidden_count = 0, views = 0;
    for (const auto& s : tables) {
        if (s.hidden) { ++hidden_count; hidden_rows += s.count.value_or(0); }
        else { visible.push_back(s); rows += s.count.value_or(0); }
    }
    for (const auto& t : lease->schema().tables)
        views += t.is_view && can(ctx, actor, "view-table", {database.name(), t.name});
    // Datasette counts a table's foreign keys (in and out) only for ?_sort=relationships, and
    // sorts on (that count, rows, name), all descending.
    bool by_relationships = QueryArgs::parse(request.query).first("_sort") == "relationships";
    auto relationships = [&](const TableSummary& s) {
        return by_relationships ? static_cast<std::int64_t>(s.table->incoming.size() + s.table->outgoing.size()) : 0;
    };
    std::sort(visible.begin(), visible.end(), [&](const TableSummary& a, const TableSummary& b) {
        return std::forward_as_tuple(relationships(a), a.count.value_or(0), a.table->name) >
               std::forward_as_tuple(relationships(b), b.count.value_or(0), b.table->name);
    });

    w.begin_object();
    w.key("name").string(database.name());
    w.key("hash").null();
    w.key("color").string(database_color(database.name()));
    w.key("path").string("/" + tilde_encode(database.name()));
    w.key("tables_and_views_truncated").begin_array();
    for (std::size_t i = 0; i < visible.size() && i < kIndexTablesShown; ++i) {
        const auto& s = visible[i];
        w.begin_object();
        write_summary_fields(w, s);
        w.key("num_relationships_for_sorting").integer(relationships(s));
        w.key("private").boolean(s.is_private);
        w.end_object();
    }
    w.end_array();
    w.key("tables_and_views_more").boolean(visible.size() > kIndexTablesShown);
    w.key("tables_count").integer(static_cast<std::int64_t>(visible.size()));
    w.key("table_rows_sum").integer(rows);
    w.key("show_table_row_counts").boolean(true);
    w.key("hidden_table_rows_sum").integer(hidden_rows);
    w.key("hidden_tables_count").integer(hidden_count);
    w.key("views_count").integer(views);
    w.key("private").boolean(is_private(ctx, "view-database", {database.name(), {}}));
    w.end_object();
}

std::vector<std::string> compile_options() {
    std::vector<std::string> options;
    for (int i = 0;; ++i) {
        const char* option = sqlite3_compileoption_get(i);
        if (!option) break;
        options.emplace_back(option);
    }
    return options;
}

bool has_compile_option(const char* name) { return sqlite3_compileoption_used(name) != 0; }

// Datasette's JsonDataView pages (all but /-/actor) need view-instance.
void require_instance(const Context& ctx, const Request& request) {
    require_view(ctx, request_actor(ctx, request), "", {});
}

}  // namespace

Response index_view(const Context& ctx, Request& request) {
    require_json_format(request);
    auto actor = request_actor(ctx, request);
    require_view(ctx, actor, "", {});
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("databases").begin_object();
    for (db::Database* database : ctx.databases) {
        if (!can(ctx, actor, "view-database", {database->name(), {}})) continue;
        w.key(database->name());
        write_index_database(w, ctx, actor, *database, request);
    }
    w.end_object();
    w.key("metadata").raw(ctx.config.metadata_json);
    w.end_object();
    return Response::json(std::move(body));
}

// Every connected database, for anyone allowed view-instance: Datasette 1.0a33's
// JsonDataView over _connected_databases() does not filter by view-database.
Response databases_view(const Context& ctx, Request& request) {
    require_json_format(request);
    require_instance(ctx, request);
    std::string body;
    JsonWriter w(body);
    w.begin_array();
    for (db::Database* database : ctx.databases) {
        w.begin_object();
        w.key("name").string(database->name());
        w.key("route").string(tilde_encode(database->name()));
        w.key("path");
        if (database->is_memory()) w.null(); else w.string(database->path());
        w.key("size").integer(database->file_size());
        w.key("is_mutable").boolean(database->is_mutable());
        w.key("is_memory").boolean(database->is_memory());
        w.key("hash").null();
        w.end_object();
    }
    w.end_array();
    return Response::json(std::move(body));
}

Response versions_view(const Context& ctx, Request& request) {
    require_json_format(request);
    require_instance(ctx, request);
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("liteserve").begin_object().key("version").string(LITESERVE_VERSION).end_object();
    w.key("sqlite").begin_object();
    w.key("version").string(sqlite3_libversion());
    w.key("fts_versions").begin_array();
    for (const char* fts : {"FTS5", "FTS4", "FTS3"})
        if (has_compile_option(("ENABLE_" + std::string(fts)).c_str())) w.string(fts);
    w.end_array();
    w.key("extensions").begin_object().key("json1").boolean(true).end_object();  // built in since 3.38
    w.key("compile_options").strings(compile_options());
    w.end_object();
    w.end_object();
    return Response::json(std::move(body));
}

Response settings_view(const Context& ctx, Request& request) {
    require_json_format(request);
    require_instance(ctx, request);
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    for (const auto& info : config::setting_infos())
        if (info.datasette) w.key(info.name).raw(config::setting_json(ctx.settings, info.name));
    w.end_object();
    return Response::json(std::move(body));
}

Response config_view(const Context& ctx, Request& request) {
    require_json_format(request);
    require_instance(ctx, request);
    return Response::json(ctx.config.config_json);
}

Response plugins_view(const Context& ctx, Request& request) {
    require_json_format(request);
    require_instance(ctx, request);
    return Response::json("[]");
}

Response actor_view(const Context& ctx, Request& request) {
    require_json_format(request);
    std::string body;
    JsonWriter w(body);
    w.begin_object().key("actor");
    write_actor(w, request_actor(ctx, request));
    w.end_object();
    return Response::json(std::move(body));
}

}  // namespace liteserve::api
