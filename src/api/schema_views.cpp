// /-/schema.json, /db/-/schema.json and /db/table/-/schema.json: CREATE statements as text,
// for the databases and tables the actor may see.
#include "api/actor.h"
#include "api/permissions.h"
#include "api/views.h"
#include "db/cursor.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

std::string database_schema(db::Connection& conn) {
    db::Cursor cursor(conn, "select sql from sqlite_master where sql is not null order by rowid", {});
    std::string schema;
    while (cursor.step()) {
        if (!schema.empty()) schema += ";\n";
        schema += cursor.text(0);
    }
    return schema;
}

}  // namespace

Response schema_view(const Context& ctx, Request& request) {
    require_json_format(request);
    std::string body;
    JsonWriter w(body);
    const std::string& db_name = request.param("db");
    const std::string& table_name = request.param("table");
    auto actor = request_actor(ctx, request);
    if (!db_name.empty()) ctx.database(db_name);  // 404 before 403
    require_view(ctx, actor, "view-table", {db_name, table_name});
    if (db_name.empty()) {
        w.begin_object().key("schemas").begin_array();
        for (db::Database* database : ctx.databases) {
            if (!can(ctx, actor, "view-database", {database->name(), {}})) continue;
            auto lease = database->read(read_budget(ctx, request), request.cancelled);
            w.begin_object().key("database").string(database->name());
            w.key("schema").string(database_schema(lease->conn())).end_object();
        }
        w.end_array().end_object();
        return Response::json(std::move(body));
    }
    auto lease = ctx.database(db_name).read(read_budget(ctx, request), request.cancelled);
    w.begin_object().key("database").string(db_name);
    if (table_name.empty()) {
        w.key("schema").string(database_schema(lease->conn()));
    } else {
        const db::Table* table = lease->schema().find(table_name);
        if (!table) throw not_found("Table not found");
        w.key("table").string(table->name).key("schema").string(table->sql);
    }
    w.end_object();
    return Response::json(std::move(body));
}

}  // namespace liteserve::api
