// POST /db/table/-/insert and /db/table/-/upsert (Datasette's TableInsertView and
// TableUpsertView). Checks run in Datasette's order: the table (404), the write permission
// (403), writability, the body and its rows (400), then the permissions "replace" and "alter"
// need. All rows are then written in one writer job (a failing row undoes the request) and,
// when asked, read back in that same job.
#include <algorithm>
#include <optional>

#include "api/insert_request.h"
#include "api/views.h"
#include "api/write_body.h"
#include "api/write_target.h"
#include "api/written_rows.h"
#include "db/row_writes.h"

namespace liteserve::api {
namespace {

// Upserts read their rows back with one statement per this many rows (an OR of key matches;
// SQLite bounds expression depth and the number of parameters).
constexpr std::size_t kReadBackChunk = 200;

// The table's spelling of each of the row's columns (all were checked or added).
std::vector<std::string> sql_columns(const db::Table& table, const RowValues& row) {
    std::vector<std::string> columns;
    for (const auto& name : row.columns) {
        auto found = catalog_column(table, name);
        if (!found) throw WriteFailure(400, "Invalid column: " + name);
        columns.push_back(*found);
    }
    return columns;
}

// The statement for a row, prepared again only when a row names other columns than the row
// before it: rows of one request usually share their columns, and building the SQL text
// (quoting every name) and finding it in the statement cache cost more than the insert.
class RowStatement {
public:
    template <typename Build>
    db::RepeatedWrite& for_row(db::Connection& conn, const db::Table& table, const RowValues& row, Build build) {
        if (!statement_ || row.columns != columns_) {
            columns_ = row.columns;
            statement_.emplace(conn, build(sql_columns(table, row)));
        }
        return *statement_;
    }

private:
    std::vector<std::string> columns_;
    std::optional<db::RepeatedWrite> statement_;
};

// Datasette inserts rows it returns one at a time, so sqlite-utils types a column "alter"
// adds from the first row that has it; otherwise insert_all/upsert_all type it from all rows.
bool alters_row_by_row(const InsertRequest& request, InsertMode mode) {
    return request.alter && request.return_rows && mode == InsertMode::Insert;
}

// The table as the writer sees it, the rows checked again if it changed, the columns "alter"
// asks for added (here, unless they are added row by row).
void prepare_table(db::Connection& conn, WriteTarget& target, const InsertRequest& request, InsertMode mode) {
    if (refresh_table(conn, target)) {
        auto errors = row_errors(request, target.table, mode);
        if (!errors.empty()) throw WriteFailure(400, errors);
    }
    if (request.alter && !alters_row_by_row(request, mode))
        add_columns(conn, target, missing_columns(target.table, request.rows));
}

// Inserted rows come back as Datasette returns them: `select *` by rowid, ascending, once
// each (WITHOUT ROWID tables: by primary key, in request order).
void insert_rows(db::Connection& conn, WriteTarget& target, const InsertRequest& request, WrittenRows& out) {
    prepare_table(conn, target, request, InsertMode::Insert);
    const db::Table& table = target.table;
    auto conflict = request.ignore ? db::OnConflict::Ignore : request.replace ? db::OnConflict::Replace : db::OnConflict::Abort;
    std::vector<std::int64_t> rowids;
    std::vector<db::Params> keys;
    {  // the statement lives only while the rows run: reading them back uses the cache again
        RowStatement statement;
        auto build = [&](const std::vector<std::string>& columns) { return db::insert_sql(table.name, columns, conflict); };
        bool row_by_row = alters_row_by_row(request, InsertMode::Insert);
        for (const auto& row : request.rows) {
            if (row_by_row) add_columns(conn, target, missing_columns(table, {&row, 1}));
            if (statement.for_row(conn, table, row, build).run(row.values) == 0 || !request.return_rows) continue;
            if (!table.without_rowid) {
                rowids.push_back(db::last_insert_rowid(conn));
                continue;
            }
            auto columns = sql_columns(table, row);
            db::Params key;
            for (std::size_t k = 0; k < table.primary_keys.size(); ++k) {
                auto at = std::find(columns.begin(), columns.end(), table.primary_keys[k]);
                if (at != columns.end()) key.emplace_back(db::key_param(k), row.values[static_cast<std::size_t>(at - columns.begin())]);
            }
            if (key.size() == table.primary_keys.size()) keys.push_back(std::move(key));
        }
    }
    if (!request.return_rows) return;
    std::sort(rowids.begin(), rowids.end());
    rowids.erase(std::unique(rowids.begin(), rowids.end()), rowids.end());
    for (auto rowid : rowids) keys.push_back({{db::key_param(0), rowid}});
    auto key_names = table.without_rowid ? table.primary_keys : std::vector<std::string>{"rowid"};
    std::string sql = db::select_row_sql(table.name, key_names, false);
    for (const auto& key : keys) fetch_rows(conn, sql, key, out);
}

// Upserted rows come back by their keys, as Datasette's read-back query finds them.
void upsert_rows(db::Connection& conn, WriteTarget& target, const InsertRequest& request, WrittenRows& out) {
    prepare_table(conn, target, request, InsertMode::Upsert);
    const db::Table& table = target.table;
    auto keys = key_columns(table);
    {  // the statement lives only while the rows run: reading them back uses the cache again
        RowStatement statement;
        auto build = [&](const std::vector<std::string>& columns) { return db::upsert_sql(table.name, columns, keys); };
        for (const auto& row : request.rows) statement.for_row(conn, table, row, build).run(row.values);
    }
    if (!request.return_rows) return;
    for (std::size_t start = 0; start < request.rows.size(); start += kReadBackChunk) {
        std::size_t count = std::min(kReadBackChunk, request.rows.size() - start);
        db::Params params;
        for (std::size_t r = 0; r < count; ++r) {
            const RowValues& row = request.rows[start + r];
            for (std::size_t k = 0; k < keys.size(); ++k)
                params.emplace_back(db::row_key_param(r, k), row.values[row.find(keys[k]).value()]);
        }
        fetch_rows(conn, db::select_rows_sql(table.name, keys, count, table.uses_rowid()), params, out);
    }
}

// The checks that need the parsed rows: Datasette's order after _validate_data.
void check_request(const WriteTarget& target, const InsertRequest& request, InsertMode mode) {
    auto errors = row_errors(request, target.table, mode);
    if (!errors.empty()) throw WriteFailure(400, errors);
    if (mode == InsertMode::Upsert && (request.ignore || request.replace))
        throw WriteFailure(400, "Upsert does not support ignore or replace");
    if (request.replace) target.require("update-row", "Permission denied: need update-row to use \"replace\"");
    if (request.alter) target.require("alter-table", "Permission denied for alter-table");
    if (mode == InsertMode::Insert) require_columns(request.rows);
}

Response write_rows(const Context& ctx, Request& request, InsertMode mode) {
    WriteTarget target = resolve_target(ctx, request, NotFoundWording::TableView);
    if (mode == InsertMode::Upsert) {
        if (!target.can("insert-row") || !target.can("update-row"))
            throw WriteFailure(403, "Permission denied: need both insert-row and update-row");
    } else {
        target.require("insert-row", "Permission denied");
    }
    target.require_writable();
    InsertRequest parsed = parse_insert_request(parse_json_body(request), ctx.settings.max_insert_rows);
    check_request(target, parsed, mode);

    WrittenRows written;
    run_write(target, [&](db::Connection& conn) {
        written = {};
        if (mode == InsertMode::Insert) insert_rows(conn, target, parsed, written);
        else upsert_rows(conn, target, parsed, written);
    });
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(true);
    if (parsed.return_rows) {
        w.key("rows");
        write_row_objects(w, written);
    }
    w.end_object();
    return Response::json(std::move(body), mode == InsertMode::Insert ? 201 : 200);
}

}  // namespace

Response insert_view(const Context& ctx, Request& request) { return write_rows(ctx, request, InsertMode::Insert); }

Response upsert_view(const Context& ctx, Request& request) { return write_rows(ctx, request, InsertMode::Upsert); }

}  // namespace liteserve::api
