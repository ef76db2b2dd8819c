// GET /db/table/pk.json: one row by primary key (or rowid), keys tilde-encoded and
// comma-separated for compound keys.
#include <chrono>

#include "api/actor.h"
#include "api/blob_view.h"
#include "api/cells.h"
#include "api/exports.h"
#include "api/filter_redirects.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/row_extras.h"
#include "api/shapes.h"
#include "api/table_page.h"
#include "api/table_plan.h"
#include "api/tilde.h"
#include "api/views.h"
#include "db/cursor.h"
#include "db/quote.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

struct RowQuery {
    std::string sql;
    db::Params params;
    std::vector<std::string> keys;         // pks, or {"rowid"}
    std::vector<std::string> key_texts;    // the values as the URL spells them ("03" for 3)
};

RowQuery row_query(const db::Table& table, const std::string& pk_path) {
    RowQuery q;
    q.keys = table.uses_rowid() ? std::vector<std::string>{"rowid"} : table.primary_keys;
    q.key_texts = urlsafe_components(pk_path);
    const auto& values = q.key_texts;
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

// An incoming foreign key and this row's value of the column it references.
struct Reference {
    const db::ForeignKey* fk;
    db::Value value;
};

// The row's incoming references. Datasette lists none for compound primary keys; a
// reference that names no column is to the primary key.
std::vector<Reference> references(const db::Table& table, const RowQuery& q, const db::Cursor& cursor) {
    std::vector<Reference> refs;
    if (q.keys.size() != 1) return refs;
    auto names = cursor.column_names();
    for (const auto& fk : table.incoming) {
        const std::string& column = fk.column.empty() ? q.keys.front() : fk.column;
        auto at = std::find(names.begin(), names.end(), column);
        if (at != names.end()) refs.push_back({&fk, cursor.value(static_cast<int>(at - names.begin()))});
    }
    return refs;
}

// ?_extra=foreign_key_tables: each referencing table and column, how many of its rows point
// at this row (one statement counts them all) and a filtered link to those rows. Counts that
// run out of time give an empty list, as in Datasette.
void write_foreign_key_tables(JsonWriter& w, db::Connection& conn, const std::string& db_name,
                              const std::vector<Reference>& refs) {
    std::vector<std::int64_t> counts;
    if (!refs.empty()) {
        std::string sql = "select ";
        db::Params params;
        for (std::size_t i = 0; i < refs.size(); ++i) {
            params.emplace_back("p" + std::to_string(i), refs[i].value);
            sql += (i ? ", " : "") + std::string("(select count(*) from ") + db::quote_identifier(refs[i].fk->other_table) +
                   " where " + db::quote_identifier(*refs[i].fk->other_column) + " = :" + params.back().first + ")";
        }
        try {
            db::Cursor cursor(conn, sql, params);
            if (cursor.step())
                for (std::size_t i = 0; i < refs.size(); ++i) counts.push_back(cursor.integer(static_cast<int>(i)));
        } catch (const db::QueryInterrupted& e) {
            if (e.cancelled) throw;
        }
    }
    w.begin_array();
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const db::ForeignKey& fk = *refs[i].fk;
        // Datasette filters a column whose name starts with "_" as col__exact, because
        // ?_col= would be read as a special argument.
        std::string key = *fk.other_column + (fk.other_column->rfind('_', 0) == 0 ? "__exact" : "");
        w.begin_object();
        w.key("other_table").string(fk.other_table);
        w.key("column").string(fk.column);
        w.key("other_column").string(*fk.other_column);
        w.key("count").integer(counts[i]);
        w.key("link").string("/" + tilde_encode(db_name) + "/" + tilde_encode(fk.other_table) + "?" +
                             url_quote_plus(key) + "=" + url_quote_plus(value_to_text(refs[i].value)));
        w.end_object();
    }
    w.end_array();
}

// The cursor's row as `writer` shapes it, keyed (for _shape=object) by its key values.
std::string row_json(const RowQuery& q, db::Cursor& cursor, const std::vector<std::string>& names, RowWriter writer) {
    std::string rows;
    JsonWriter w(rows);
    writer.begin(w);
    std::vector<db::Value> key_values;
    for (const auto& key : q.keys) {
        int index = static_cast<int>(std::find(names.begin(), names.end(), key) - names.begin());
        key_values.push_back(cursor.value(index));
    }
    writer.row(w, cursor, row_key_path(key_values));
    writer.end(w);
    return rows;
}

Response jsono_redirect(const Request& request, const QueryArgs& args) {
    std::string path = request.path.substr(0, request.path.rfind(".jsono")) + ".json";
    return filter_redirect(path, query_with_added_arg(args, "_shape", "objects"));
}

}  // namespace

Response row_view(const Context& ctx, Request& request) {
    bool csv = wants_csv(request);
    bool blob = wants_blob(request);
    const std::string& db_name = request.param("db");
    db::Database& database = ctx.database(db_name);
    require_view(ctx, request_actor(ctx, request), "view-table", {db_name, request.param("table")});
    auto args = QueryArgs::parse(request.query);
    Shape shape = parse_shape(args.first("_shape"));
    auto started = std::chrono::steady_clock::now();
    auto lease = database.read(read_budget(ctx, request), request.cancelled);
    const db::Table* table = lease->schema().find(request.param("table"));
    if (!table || table->is_view) throw not_found("Table not found");

    RowQuery q = row_query(*table, request.param("pks"));
    db::Cursor cursor(lease->conn(), q.sql, q.params);
    if (!cursor.step()) throw not_found("Row not found");
    if (csv) return row_csv(ctx, request, db_name, *table, cursor, q.keys);
    if (blob) return row_blob(ctx, request, *table, cursor);
    // Datasette's row page, a DataView: .jsono redirects to _shape=objects, and a format no
    // renderer has gets the default page (HTML there, the JSON here).
    if (request.param("format") == "jsono") return jsono_redirect(request, args);
    auto names = cursor.column_names();
    bool newline_delimited = shape == Shape::Array && args.truthy("_nl");
    std::string rows = row_json(q, cursor, names, RowWriter(shape, newline_delimited, names, cell_format(args, names)));
    // Extras are written after the timing below, but foreign_key_tables counts rows now,
    // while the row's cursor is current.
    std::string fk_tables;
    auto extras = args.comma_list("_extra");
    if (std::find(extras.begin(), extras.end(), "foreign_key_tables") != extras.end()) {
        JsonWriter fw(fk_tables);
        write_foreign_key_tables(fw, lease->conn(), db_name, references(*table, q, cursor));
    }
    double query_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    if (!has_envelope(shape)) {
        Response r = bare_rows_response(std::move(rows), newline_delimited);
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
    w.key("primary_key_values").strings(q.key_texts);
    write_row_extras(w, {ctx, request, db_name, *table, q.sql, q.params, q.keys, names,
                         [&](JsonWriter& out) { out.raw(fk_tables); }});
    w.key("query_ms").number(query_ms);
    w.key("truncated").boolean(false);
    w.end_object();
    Response r = Response::json(std::move(body));
    add_cache_headers(ctx, request, r);
    return r;
}

}  // namespace liteserve::api
