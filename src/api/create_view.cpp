// POST /db/-/create (Datasette's TableCreateView): a table from "columns", or from example
// rows, whose types are guessed as sqlite-utils guesses them, then the rows inserted (or, for
// an existing table, inserted with ignore/replace/alter). Everything runs as one writer job:
// a failing row leaves no table behind. 201 with the table's URLs and its stored schema.
#include <algorithm>

#include "api/actor.h"
#include "api/create_request.h"
#include "api/permissions.h"
#include "api/tilde.h"
#include "api/urls.h"
#include "api/views.h"
#include "api/write_body.h"
#include "api/write_target.h"
#include "db/row_writes.h"
#include "db/table_creation.h"

namespace liteserve::api {
namespace {

// sqlite-utils inserts (and types new tables from) chunks of at most 100 rows, fewer when
// the first row is wide: SQLite allowed 999 parameters per statement.
std::size_t chunk_size(const CreateRequest& request) {
    std::size_t width = std::max<std::size_t>(1, request.rows.front().columns.size());
    return std::max<std::size_t>(1, std::min<std::size_t>(100, 999 / width));
}

// The body as an object, with the words Datasette uses on this endpoint.
rapidjson::Document object_body(const Request& request) {
    try {
        return parse_json_body(request);
    } catch (const WriteFailure& e) {
        if (e.errors() == std::vector<std::string>{"JSON must be a dictionary"})
            throw WriteFailure(400, "JSON must be an object");
        throw;
    }
}

void reload_table(db::Connection& conn, WriteTarget& target, const std::string& name) {
    auto schema = db::load_schema(conn);
    if (const db::Table* table = schema->find(name)) target.table = *table;
    target.schema_version = schema->version;
}

// The table sqlite-utils creates for the first chunk of rows: every column of the chunk, typed
// from its values.
void create_from_rows(db::Connection& conn, WriteTarget& target, const CreateRequest& request,
                      const std::vector<RowValues>& chunk) {
    std::vector<db::ColumnSpec> columns;
    for (auto& column : missing_columns(db::Table{}, chunk)) columns.push_back({column.name, column.type});
    db::execute_schema(conn, db::create_table_sql(request.table, columns, request.pks));
    reload_table(conn, target, request.table);
}

// The insert's column list, as sqlite-utils builds it: the first chunk's columns sorted, then
// columns of later chunks in order of appearance. Rows lacking one insert NULL there.
void extend_columns(std::vector<std::string>& columns, const std::vector<RowValues>& chunk) {
    bool first = columns.empty();
    for (const auto& row : chunk)
        for (const auto& name : row.columns)
            if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
    if (first) std::sort(columns.begin(), columns.end());
}

db::Params padded(const RowValues& row, const std::vector<std::string>& columns) {
    db::Params params;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        auto at = row.find(columns[i]);
        params.emplace_back(db::column_param(i), at ? row.values[*at] : db::Value(nullptr));
    }
    return params;
}

// sqlite-utils' insert_all(rows, pk=…, ignore=…, replace=…, alter=…).
void insert_all(db::Connection& conn, WriteTarget& target, const CreateRequest& request) {
    if (request.existing) refresh_table(conn, target);
    auto conflict = request.ignore ? db::OnConflict::Ignore
                    : request.replace ? db::OnConflict::Replace : db::OnConflict::Abort;
    std::vector<std::string> columns;
    std::size_t size = chunk_size(request);
    for (std::size_t start = 0; start < request.rows.size(); start += size) {
        auto end = request.rows.begin() + static_cast<std::ptrdiff_t>(std::min(start + size, request.rows.size()));
        std::vector<RowValues> chunk(request.rows.begin() + static_cast<std::ptrdiff_t>(start), end);
        if (start == 0 && !request.existing) create_from_rows(conn, target, request, chunk);
        else if (request.alter) add_columns(conn, target, missing_columns(target.table, chunk));
        extend_columns(columns, chunk);
        std::string sql = db::insert_sql(request.table, columns, conflict);
        for (const auto& row : chunk) db::execute_write(conn, sql, padded(row, columns));
    }
}

std::string create_table(db::Connection& conn, WriteTarget& target, const CreateRequest& request) {
    if (request.rows.empty()) {
        std::vector<std::string> names;
        for (const auto& column : request.columns) names.push_back(column.name);
        require_unbracketed_names(names);
        db::execute_schema(conn, db::create_table_sql(request.table, request.columns, request.pks));
    } else {
        insert_all(conn, target, request);
    }
    return db::stored_schema(conn, request.table).value_or("");
}

std::string created_json(const Request& request, const WriteTarget& target, const CreateRequest& created,
                         const std::string& schema) {
    std::string path = "/" + tilde_encode(target.db_name) + "/" + tilde_encode(created.table);
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(true);
    w.key("database").string(target.db_name);
    w.key("table").string(created.table);
    w.key("table_url").string(absolute_url(request, path));
    w.key("table_api_url").string(absolute_url(request, path + ".json"));
    w.key("schema").string(schema);
    if (!created.rows.empty()) w.key("row_count").integer(static_cast<std::int64_t>(created.rows.size()));
    w.end_object();
    return body;
}

}  // namespace

Response create_table_view(const Context& ctx, Request& request) {
    WriteTarget target = database_target(ctx, request);
    auto allowed = [&](std::string_view action) { return can(ctx, target.actor, action, {target.db_name, {}}); };
    if (!allowed("create-table")) throw WriteFailure(403, "Permission denied");
    target.require_writable();
    auto existing = [&](const std::string& name) -> std::optional<db::Table> {
        auto lease = target.database->read(read_budget(ctx, request), request.cancelled);
        const db::Table* table = lease->schema().find(name);
        if (!table || table->is_view) return std::nullopt;
        target.table = *table;
        target.schema_version = lease->schema().version;
        return *table;
    };
    CreateRequest parsed = parse_create_request(object_body(request), {allowed, existing});
    std::string schema;
    run_write(target, [&](db::Connection& conn) { schema = create_table(conn, target, parsed); });
    return Response::json(created_json(request, target, parsed, schema), 201);
}

}  // namespace liteserve::api
