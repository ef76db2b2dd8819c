// GET /db/table/pk.json: one row by primary key (or rowid), keys tilde-encoded and
// comma-separated for compound keys.
#include <chrono>

#include "api/cells.h"
#include "api/query_args.h"
#include "api/shapes.h"
#include "api/table_page.h"
#include "api/table_plan.h"
#include "api/views.h"
#include "db/cursor.h"
#include "db/quote.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

struct RowQuery {
    std::string sql;
    db::Params params;
    std::vector<std::string> keys;  // pks, or {"rowid"}
};

RowQuery row_query(const db::Table& table, const std::string& pk_path) {
    RowQuery q;
    q.keys = table.uses_rowid() ? std::vector<std::string>{"rowid"} : table.primary_keys;
    auto values = next_token_parts(pk_path);
    if (values.size() != q.keys.size()) throw not_found("Row not found");
    std::string where;
    for (std::size_t i = 0; i < q.keys.size(); ++i) {
        std::string p = "p" + std::to_string(i);
        where += (i ? " AND " : "") + db::quote_identifier(q.keys[i], db::QuoteStyle::Double) + "=:" + p;
        q.params.emplace_back(p, values[i]);
    }
    q.sql = std::string("select ") + (table.uses_rowid() ? "rowid, *" : "*") + " from " +
            db::quote_identifier(table.name) + " where " + where;
    return q;
}

}  // namespace

Response row_view(const Context& ctx, Request& request) {
    require_json_format(request);
    const std::string& db_name = request.param("db");
    db::Database& database = ctx.database(db_name);
    auto args = QueryArgs::parse(request.query);
    Shape shape = parse_shape(args.first("_shape"));
    auto started = std::chrono::steady_clock::now();
    auto lease = database.read(read_budget(ctx, request), request.cancelled);
    const db::Table* table = lease->schema().find(request.param("table"));
    if (!table || table->is_view) throw not_found("Table not found");

    RowQuery q = row_query(*table, request.param("pks"));
    db::Cursor cursor(lease->conn(), q.sql, q.params);
    if (!cursor.step()) throw not_found("Row not found");
    auto names = cursor.column_names();
    CellFormat format = cell_format(args, names);

    std::string rows;
    JsonWriter rw(rows);
    RowWriter writer(shape, false, names, format);
    writer.begin(rw);
    std::vector<std::string> key_texts;
    std::vector<db::Value> key_values;
    for (const auto& key : q.keys) {
        int index = static_cast<int>(std::find(names.begin(), names.end(), key) - names.begin());
        key_values.push_back(cursor.value(index));
        key_texts.push_back(value_to_text(key_values.back()));
    }
    writer.row(rw, cursor, row_key_path(key_values));
    writer.end(rw);
    double query_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    if (!has_envelope(shape)) {
        Response r = Response::json(std::move(rows));
        add_cache_headers(ctx, request, r);
        return r;
    }
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(true);
    w.key("database").string(db_name);
    w.key("table").string(table->name);
    w.key("rows").raw(rows);
    w.key("primary_keys").strings(q.keys);
    w.key("primary_key_values").strings(key_texts);
    auto extras = args.comma_list("_extra");
    auto wants = [&](const char* name) { return std::find(extras.begin(), extras.end(), name) != extras.end(); };
    if (wants("columns")) w.key("columns").strings(names);
    if (wants("query")) {
        w.key("query").begin_object();
        w.key("sql").string(q.sql);
        w.key("params").begin_object();
        for (const auto& [name, value] : q.params) {
            w.key(name);
            write_value(w, value);
        }
        w.end_object().end_object();
    }
    w.key("query_ms").number(query_ms);
    w.key("truncated").boolean(false);
    w.end_object();
    Response r = Response::json(std::move(body));
    add_cache_headers(ctx, request, r);
    return r;
}

}  // namespace liteserve::api
