// Resolving a write's table, its permission and writability checks, and running its job.
#include "api/write_target.h"

#include "api/permissions.h"
#include "api/actor.h"
#include "api/python_repr.h"
#include "api/tilde.h"
#include "api/views.h"
#include "api/write_body.h"
#include "db/database.h"
#include "db/row_writes.h"

namespace liteserve::api {
namespace {

db::Database* find_database(const Context& ctx, std::string_view name) {
    for (db::Database* db : ctx.databases)
        if (db->name() == name) return db;
    return nullptr;
}

WriteFailure table_not_found(const WriteTarget& target, const std::string& name, bool is_view) {
    if (target.wording == NotFoundWording::RowView || is_view) return WriteFailure(404, "Table not found: " + name);
    return WriteFailure(404, "Table not found");
}

}  // namespace

bool WriteTarget::can(std::string_view action) const {
    return api::can(*ctx, actor, action, {db_name, table.name});
}

void WriteTarget::require(std::string_view action, std::string_view message) const {
    if (!can(action)) throw WriteFailure(403, std::string(message));
}

void WriteTarget::require_writable() const {
    if (database->is_memory()) throw WriteFailure(403, "Database " + db_name + " is in memory: it cannot be written");
    if (!database->is_mutable()) throw WriteFailure(403, "Database is immutable");
}

WriteTarget resolve_target(const Context& ctx, const Request& request, NotFoundWording wording) {
    WriteTarget target;
    target.ctx = &ctx;
    target.wording = wording;
    target.db_name = request.param("db");
    target.database = find_database(ctx, target.db_name);
    if (!target.database)
        throw WriteFailure(404, wording == NotFoundWording::RowView ? "Database not found: " + target.db_name
                                                                    : std::string("Database not found"));
    const std::string& name = request.param("table");
    {
        auto lease = target.database->read(read_budget(ctx, request), request.cancelled);
        const db::Table* table = lease->schema().find(name);
        // Datasette's row views take a view for a table, then find no row: its rowid is NULL.
        if (table && table->is_view && wording == NotFoundWording::RowView)
            throw WriteFailure(404, "Record not found: " + python_list_repr(urlsafe_components(request.param("pks"))));
        if (!table || table->is_view) throw table_not_found(target, name, table != nullptr);
        target.table = *table;
        target.schema_version = lease->schema().version;
    }
    target.actor = request_actor(ctx, request);
    return target;
}

WriteTarget database_target(const Context& ctx, const Request& request) {
    WriteTarget target;
    target.ctx = &ctx;
    target.db_name = request.param("db");
    target.database = &ctx.database(target.db_name);
    target.actor = request_actor(ctx, request);
    return target;
}

void run_write(WriteTarget& target, const std::function<void(db::Connection&)>& job, int sql_error_status) {
    try {
        target.database->writer().run([&](db::Connection& conn) {
            try {
                job(conn);
            } catch (const db::SqlError& e) {
                // A broken constraint is the request's fault whatever the endpoint.
                throw WriteFailure((e.code & 0xff) == SQLITE_CONSTRAINT ? 400 : sql_error_status, e.what());
            }
        });
    } catch (const db::SqlError& e) {
        throw WriteFailure(500, std::string("The write could not be committed: ") + e.what());
    }
}

bool refresh_table(db::Connection& conn, WriteTarget& target) {
    std::int64_t version = db::schema_version(conn);
    if (version == target.schema_version) return false;
    auto schema = db::load_schema(conn);
    const db::Table* table = schema->find(target.table.name);
    if (!table || table->is_view) throw table_not_found(target, target.table.name, table != nullptr);
    target.table = *table;
    target.schema_version = schema->version;
    return true;
}

void add_columns(db::Connection& conn, WriteTarget& target, const std::vector<NewColumn>& columns) {
    for (const auto& column : columns) {
        if (column.name.empty() || column.name.find('\0') != std::string::npos)
            throw WriteFailure(400, "Invalid column name: \"" + column.name + "\"");
        db::execute_schema(conn, db::add_column_sql(target.table.name, column.name, column.type));
        db::Column added;
        added.name = column.name;
        added.type = column.type;
        target.table.columns.push_back(std::move(added));
    }
    if (!columns.empty()) target.schema_version = db::schema_version(conn);
}

}  // namespace liteserve::api
