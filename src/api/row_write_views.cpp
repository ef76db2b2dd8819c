// POST /db/table/pks/-/update and /db/table/pks/-/delete (Datasette's RowUpdateView and
// RowDeleteView). As Datasette: the row must exist (404 "Record not found: ['1']") before the
// permission is checked (403 "Permission denied"); then the body. Each request is one writer
// job; an update that changes the primary key returns the row under its new key.
#include <algorithm>

#include "api/python_repr.h"
#include "api/tilde.h"
#include "api/views.h"
#include "api/write_body.h"
#include "api/write_target.h"
#include "api/written_rows.h"
#include "db/cursor.h"
#include "db/database.h"
#include "db/row_writes.h"

namespace liteserve::api {
namespace {

// The {pks~} segment split on commas, each part tilde-decoded (Datasette's
// urlsafe_components), so an encoded comma (~2C) stays inside its value.
std::vector<std::string> path_key_values(const Request& request) {
    return urlsafe_components(request.param("pks"));
}

struct RowTarget {
    WriteTarget target;
    std::vector<std::string> keys;   // key columns: primary keys, or rowid
    std::vector<std::string> values; // their values from the path
    db::Params params;               // the values bound as :k0, :k1 …

    WriteFailure not_found() const { return WriteFailure(404, "Record not found: " + python_list_repr(values)); }
};

// The addressed row, which must exist, and the actor's right to `action` on its table.
RowTarget resolve_row(const Context& ctx, const Request& request, std::string_view action) {
    RowTarget row{resolve_target(ctx, request, NotFoundWording::RowView), {}, path_key_values(request), {}};
    row.keys = key_columns(row.target.table);
    for (std::size_t i = 0; i < row.values.size(); ++i) row.params.emplace_back(db::key_param(i), row.values[i]);
    if (row.values.size() != row.keys.size()) throw row.not_found();
    {
        auto lease = row.target.database->read(read_budget(ctx, request), request.cancelled);
        db::Cursor cursor(lease->conn(), db::select_row_sql(row.target.table.name, row.keys, false), row.params);
        if (!cursor.step()) throw row.not_found();
    }
    row.target.require(action, "Permission denied");
    row.target.require_writable();
    return row;
}

// Datasette's checks of an update body: an "update" dictionary, no keys but update, return
// and alter ("Invalid keys: a, b").
const rapidjson::Value& update_member(const rapidjson::Value& body) {
    const rapidjson::Value* update = json_member(body, "update");
    if (!update || !update->IsObject()) throw WriteFailure(400, "JSON must contain an update dictionary");
    std::vector<std::string> invalid;
    for (const auto& m : body.GetObject()) {
        std::string name(m.name.GetString(), m.name.GetStringLength());
        if (name != "update" && name != "return" && name != "alter") invalid.push_back(name);
    }
    std::sort(invalid.begin(), invalid.end());
    invalid.erase(std::unique(invalid.begin(), invalid.end()), invalid.end());
    if (!invalid.empty()) {
        std::string list;
        for (std::size_t i = 0; i < invalid.size(); ++i) list += (i ? ", " : "") + invalid[i];
        throw WriteFailure(400, "Invalid keys: " + list);
    }
    return *update;
}

// UPDATE the row (404 if it went away meanwhile); when asked, read it back under its key as
// the update leaves it.
void update_row(db::Connection& conn, RowTarget& row, const RowValues& update, bool alter, WrittenRows* out) {
    WriteTarget& target = row.target;
    refresh_table(conn, target);
    if (alter) add_columns(conn, target, missing_columns(target.table, {&update, 1}));
    std::vector<std::string> columns;
    db::Params params = row.params;
    db::Params new_key = row.params;
    for (std::size_t i = 0; i < update.columns.size(); ++i) {
        auto column = catalog_column(target.table, update.columns[i]);
        if (!column) throw WriteFailure(400, "no such column: " + update.columns[i]);
        columns.push_back(*column);
        params.emplace_back(db::column_param(i), update.values[i]);
        for (std::size_t k = 0; k < row.keys.size(); ++k)
            if (row.keys[k] == *column) new_key[k].second = update.values[i];
    }
    if (!columns.empty() && db::execute_write(conn, db::update_sql(target.table.name, columns, row.keys), params) == 0)
        throw row.not_found();
    if (out) fetch_rows(conn, db::select_row_sql(target.table.name, row.keys, target.table.uses_rowid()), new_key, *out);
}

}  // namespace

Response update_view(const Context& ctx, Request& request) {
    RowTarget row = resolve_row(ctx, request, "update-row");
    rapidjson::Document body = parse_json_body(request);
    RowValues update = row_values(update_member(body));
    const rapidjson::Value* alter_flag = json_member(body, "alter");
    const rapidjson::Value* return_flag = json_member(body, "return");
    bool alter = alter_flag && truthy(*alter_flag);
    bool return_row = return_flag && truthy(*return_flag);
    if (alter) row.target.require("alter-table", "Permission denied for alter-table");
    require_unbracketed_names(update.columns);

    WrittenRows written;
    run_write(row.target, [&](db::Connection& conn) {
        written = {};
        update_row(conn, row, update, alter, return_row ? &written : nullptr);
    });
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.key("ok").boolean(true);
    if (return_row) {
        w.key("row");
        if (written.empty()) w.null();
        else write_row_object(w, written.front());
    }
    w.end_object();
    return Response::json(std::move(out));
}

Response delete_view(const Context& ctx, Request& request) {
    RowTarget row = resolve_row(ctx, request, "delete-row");
    run_write(
        row.target,
        [&](db::Connection& conn) {
            refresh_table(conn, row.target);
            if (db::execute_write(conn, db::delete_sql(row.target.table.name, row.keys), row.params) == 0)
                throw row.not_found();
        },
        500);
    return Response::json(R"({"ok": true})");
}

}  // namespace liteserve::api
