// Choosing the row and the cell for .blob, and the download response: application/binary,
// nosniff, and Datasette's file name <table>-<key>-<column>[-<hash prefix>].blob.
#include "api/blob_view.h"

#include <algorithm>
#include <optional>

#include "api/cells.h"
#include "api/digests.h"
#include "api/query_args.h"
#include "api/table_plan.h"
#include "api/views.h"
#include "db/select_builder.h"
#include "db/sql_guard.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

struct BlobArgs {
    std::string column;
    std::optional<std::string> hash;
};

BlobArgs blob_args(const Request& request) {
    auto args = QueryArgs::parse(request.query);
    auto column = args.first("_blob_column");
    if (!column) throw bad_request("?_blob_column= is required");
    return {*column, args.first("_blob_hash")};
}

int column_index(const db::Cursor& cursor, const std::string& column) {
    auto names = cursor.column_names();
    auto at = std::find(names.begin(), names.end(), column);
    if (at == names.end()) throw bad_request(column + " is not a valid column");
    return static_cast<int>(at - names.begin());
}

// The bytes served for a cell: a BLOB's bytes, text as it is, a number as Python's str(),
// NULL as nothing.
std::string cell_bytes(const db::Cursor& cursor, int i) {
    switch (cursor.type(i)) {
        case db::CellType::Blob: return std::string(cursor.blob(i));
        case db::CellType::Text: return std::string(cursor.text(i));
        case db::CellType::Null: return {};
        default: return value_to_text(cursor.value(i));
    }
}

// The cell of the first row (without a hash) or of the first row whose cell has that SHA-256,
// among at most `max_rows` rows from the cursor's current position on. `on_row` says whether
// the cursor already stands on a row.
std::string pick_cell(db::Cursor& cursor, int i, const BlobArgs& args, std::int64_t max_rows, bool on_row) {
    for (std::int64_t n = 0; n < max_rows && (on_row || cursor.step()); ++n, on_row = false) {
        std::string bytes = cell_bytes(cursor, i);
        if (!args.hash || sha256_hex(bytes) == *args.hash) return bytes;
    }
    if (args.hash) throw bad_request("Link has expired - the requested binary content has changed or could not be found.");
    throw not_found("Row not found");
}

std::string filename_safe(std::string name) {
    for (char& c : name)
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '_';
    return name;
}

Response download(std::string bytes, std::string_view table, std::string_view key, const BlobArgs& args) {
    std::string name;
    auto add = [&name](std::string_view bit) { name += (name.empty() ? "" : "-") + std::string(bit); };
    if (!table.empty()) add(to_css_class(table));
    if (!key.empty()) add(key);
    add(to_css_class(args.column));
    if (args.hash) add(args.hash->substr(0, 6));
    Response response;
    response.body = std::move(bytes);
    response.set_header("content-type", "application/binary");
    response.set_header("x-content-type-options", "nosniff");
    response.set_header("content-disposition", "attachment; filename=\"" + filename_safe(name) + ".blob\"");
    return response;
}

// The row key as it appears in the URL (still tilde-encoded), as Datasette's pk_path.
std::string raw_key(const Request& request) {
    std::string_view path = request.path;
    std::string_view last = path.substr(path.rfind('/') + 1);
    return std::string(last.substr(0, last.rfind('.')));
}

}  // namespace

bool wants_blob(const Request& request) { return request.param("format") == "blob"; }

Response row_blob(const Context& ctx, const Request& request, const db::Table& table, db::Cursor& cursor) {
    BlobArgs args = blob_args(request);
    int i = column_index(cursor, args.column);
    Response response = download(pick_cell(cursor, i, args, 1, true), table.name, raw_key(request), args);
    add_cache_headers(ctx, request, response);
    return response;
}

Response table_blob(const Context& ctx, Request& request) {
    BlobArgs args = blob_args(request);
    const std::string& db_name = request.param("db");
    auto query = QueryArgs::parse(request.query);
    auto lease = ctx.database(db_name).read(read_budget(ctx, request), request.cancelled);
    const db::Table* table = lease->schema().find(request.param("table"));
    if (!table) throw not_found("Table not found");
    TablePlan plan = plan_table(ctx, db_name, lease->schema(), *table, query);
    db::SelectSql sql = db::build_select(plan.spec);
    auto statement = query.has("_where") ? db::prepare_read_only(lease->conn(), sql.sql) : lease->conn().prepare(sql.sql);
    db::Cursor cursor(lease->conn(), std::move(statement), sql.params);
    int i = column_index(cursor, args.column);
    Response response = download(pick_cell(cursor, i, args, plan.page_size, false), table->name, {}, args);
    add_cache_headers(ctx, request, response);
    return response;
}

Response query_blob(const Context& ctx, Request& request, const QuerySpec& spec, std::string_view table) {
    BlobArgs args = blob_args(request);
    auto lease = ctx.database(request.param("db")).read(read_budget(ctx, request), request.cancelled);
    db::StatementPtr statement = spec.trusted ? db::prepare_trusted(lease->conn(), spec.sql)
                                              : db::prepare_client_query(lease->conn(), spec.sql);
    db::Params params = spec.bind(db::statement_parameters(statement.get()));
    db::Cursor cursor(lease->conn(), std::move(statement), params);
    int i = column_index(cursor, args.column);
    return download(pick_cell(cursor, i, args, ctx.settings.max_returned_rows, false), table, {}, args);
}

}  // namespace liteserve::api
