// GET /db.json: the tables, views and stored queries the actor may see (tables with counts and
// foreign keys), and columns for SQL autocompletion when the actor may run SQL.
#include <algorithm>
#include <cctype>

#include "api/actor.h"
#include "api/canned_query.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/table_summary.h"
#include "api/tilde.h"
#include "api/views.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

void write_foreign_keys(JsonWriter& w, const std::vector<db::ForeignKey>& keys) {
    w.begin_array();
    for (const auto& fk : keys) {
        w.begin_object();
        w.key("other_table").string(fk.other_table);
        w.key("column").string(fk.column);
        w.key("other_column");
        if (fk.other_column) w.string(*fk.other_column); else w.null();
        w.end_object();
    }
    w.end_array();
}

void write_table(JsonWriter& w, const TableSummary& s) {
    w.begin_object();
    write_summary_fields(w, s);
    w.key("foreign_keys").begin_object();
    w.key("incoming");
    write_foreign_keys(w, s.table->incoming);
    w.key("outgoing");
    write_foreign_keys(w, s.table->outgoing);
    w.end_object();
    w.key("private").boolean(s.is_private);
    w.end_object();
}

std::string lowered(const config::CannedQuery& q) {
    std::string s = q.title.value_or(q.name);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void write_queries(JsonWriter& w, const Context& ctx, const std::optional<auth::Actor>& actor,
                   const std::string& db_name) {
    std::vector<const config::CannedQuery*> queries;
    if (const auto* dc = ctx.config.database(db_name))
        for (const auto& q : dc->queries)
            if (can(ctx, actor, "view-query", {db_name, q.name})) queries.push_back(&q);
    std::stable_sort(queries.begin(), queries.end(), [](auto* a, auto* b) { return lowered(*a) < lowered(*b); });
    w.begin_array();
    for (const auto* q : queries) {
        bool hidden_from_anonymous = is_private(ctx, "view-query", {db_name, q->name});
        w.begin_object();
        write_canned_query_fields(w, ctx, db_name, *q);
        w.key("source").string("config");
        w.key("private").boolean(hidden_from_anonymous);
        w.end_object();
    }
    w.end_array();
    w.key("queries_more").boolean(false);
    w.key("queries_count").integer(static_cast<std::int64_t>(queries.size()));
}

void write_views(JsonWriter& w, const Context& ctx, const std::optional<auth::Actor>& actor,
                 const std::string& db_name, const db::Schema& schema) {
    w.begin_array();
    for (const auto& t : schema.tables) {
        if (!t.is_view || !can(ctx, actor, "view-table", {db_name, t.name})) continue;
        bool hidden_from_anonymous = is_private(ctx, "view-table", {db_name, t.name});
        w.begin_object().key("name").string(t.name).key("private").boolean(hidden_from_anonymous).end_object();
    }
    w.end_array();
}

void write_table_columns(JsonWriter& w, const db::Schema& schema) {
    w.begin_object();
    for (const auto& t : schema.tables) {
        w.key(t.name);
        std::vector<std::string> names = t.is_view ? std::vector<std::string>{} : t.column_names();
        std::sort(names.begin(), names.end());
        w.strings(names);
    }
    w.end_object();
}

// Datasette's legacy ?sql= on the database URL: set once stripped of whitespace (a blank
// sql= is ignored and the database page is served).
bool has_sql(const Request& request) {
    std::string sql = QueryArgs::parse(request.query).first("sql").value_or("");
    auto blank = [](unsigned char c) { return std::isspace(c) || (c >= 0x1c && c <= 0x1f); };  // Python's str.strip()
    return !std::all_of(sql.begin(), sql.end(), blank);
}

// The query page in the same format (/db.csv?sql= → /db/-/query.csv?sql=, /db?sql= →
// /db/-/query?sql=), with the query string as sent.
Response sql_redirect(const Request& request, const std::string& db_name) {
    const std::string& format = request.param("format");
    return Response::redirect("/" + tilde_encode(db_name) + "/-/query" + (format.empty() ? "" : "." + format) +
                              "?" + request.query);
}

}  // namespace

Response database_view(const Context& ctx, Request& request) {
    const std::string& db_name = request.param("db");
    db::Database& database = ctx.database(db_name);
    auto actor = request_actor(ctx, request);
    require_view(ctx, actor, "view-database", {db_name, {}});
    if (has_sql(request)) return sql_redirect(request, db_name);
    const std::string& format = request.param("format");
    if (!format.empty() && format != "json") throw not_found("Invalid format: " + format);  // Datasette's words here
    auto lease = database.read(read_budget(ctx, request), request.cancelled);
    auto tables = summarize_tables(ctx, actor, db_name, lease->schema(), lease->conn());
    bool allow_sql = can(ctx, actor, "execute-sql", {db_name, {}});

    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(true);
    w.key("database").string(db_name);
    w.key("private").boolean(is_private(ctx, "view-database", {db_name, {}}));
    w.key("path").string("/" + tilde_encode(db_name));
    w.key("size").integer(database.file_size());
    w.key("tables").begin_array();
    for (const auto& s : tables) write_table(w, s);
    w.end_array();
    w.key("hidden_count").integer(std::count_if(tables.begin(), tables.end(), [](auto& s) { return s.hidden; }));
    w.key("views");
    write_views(w, ctx, actor, db_name, lease->schema());
    w.key("queries");
    write_queries(w, ctx, actor, db_name);
    w.key("allow_execute_sql").boolean(allow_sql);
    w.key("table_columns");
    if (allow_sql) write_table_columns(w, lease->schema());
    else w.begin_object().end_object();
    const auto* dc = ctx.config.database(db_name);
    w.key("metadata").raw(dc ? dc->metadata_json : "{}");
    w.end_object();
    return Response::json(std::move(body));
}

}  // namespace liteserve::api
