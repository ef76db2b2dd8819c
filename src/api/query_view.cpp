// GET /db/-/query.json?sql=…: read-only SQL (enforced by SQLite's authorizer) with named
// parameters from the query string, capped at max_returned_rows; and query_page, the JSON
// page that stored queries render too.
#include "api/blob_view.h"
#include "api/exports.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/query_page.h"
#include "api/shapes.h"
#include "api/views.h"
#include "db/cursor.h"
#include "db/sql_guard.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

// Datasette answers SQLite's own errors on this endpoint with a rows/error body.
Response query_error(const std::string& message) {
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(false);
    w.key("rows").begin_array().end_array();
    w.key("error").string(message);
    w.key("truncated").boolean(false);
    w.end_object();
    return Response::json(std::move(body), 400);
}

struct QueryResult {
    std::string rows_json;
    std::vector<std::string> columns;
    bool truncated = false;
};

QueryResult run_query(db::Cursor& cursor, Shape shape, bool nl, const QueryArgs& args, std::int64_t max_rows) {
    QueryResult result;
    result.columns = cursor.column_names();
    CellFormat format = cell_format(args, result.columns);
    JsonWriter w(result.rows_json);
    RowWriter writer(shape, nl, result.columns, format);
    writer.begin(w);
    std::int64_t count = 0;
    while (cursor.step()) {
        if (count == max_rows) { result.truncated = true; break; }
        writer.row(w, cursor);
        ++count;
    }
    writer.end(w);
    return result;
}

}  // namespace

QuerySpec client_query(const Request& request, std::string sql) {
    QuerySpec spec;
    spec.sql = std::move(sql);
    spec.bind = [args = QueryArgs::parse(request.query)](const std::vector<std::string>& names) {
        db::Params params;
        for (const auto& name : names) params.emplace_back(name, args.first(name).value_or(""));
        return params;
    };
    return spec;
}

Response query_page(const Context& ctx, Request& request, const QuerySpec& spec) {
    db::Database& database = ctx.database(request.param("db"));
    auto args = QueryArgs::parse(request.query);
    Shape shape = parse_shape(args.first("_shape"));
    if (shape == Shape::Object) throw bad_request("_shape=object is only available on tables");
    auto lease = database.read(read_budget(ctx, request), request.cancelled);

    QueryResult result;
    try {
        db::StatementPtr stmt = spec.trusted ? db::prepare_trusted(lease->conn(), spec.sql)
                                             : db::prepare_read_only(lease->conn(), spec.sql);
        db::Params params = spec.bind(db::statement_parameters(stmt.get()));
        db::Cursor cursor(lease->conn(), std::move(stmt), params);
        result = run_query(cursor, shape, args.flag("_nl"), args, ctx.settings.max_returned_rows);
    } catch (const db::SqlRefused&) {
        throw;
    } catch (const db::SqlError& e) {
        return query_error(e.what());
    }
    if (!has_envelope(shape)) return Response::json(std::move(result.rows_json));

    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(true);
    auto extras = args.comma_list("_extra");
    if (std::find(extras.begin(), extras.end(), "columns") != extras.end()) w.key("columns").strings(result.columns);
    w.key("rows").raw(result.rows_json);
    if (spec.extras) spec.extras(w);
    w.key("truncated").boolean(result.truncated);
    w.end_object();
    return Response::json(std::move(body));
}

Response query_view(const Context& ctx, Request& request) {
    require_sql(ctx, request, request.param("db"));
    auto sql = QueryArgs::parse(request.query).first("sql");
    bool blob = wants_blob(request);
    if (wants_export(request) && !blob) {  // .csv, _stream=on
        if (!sql || sql->empty()) throw bad_request("Missing sql= parameter");
        return query_export(ctx, request, client_query(request, *sql));
    }
    if (!blob) require_json_format(request);
    if (!sql || sql->empty()) throw bad_request("Missing sql= parameter");
    if (blob) return query_blob(ctx, request, client_query(request, *sql), {});
    return query_page(ctx, request, client_query(request, *sql));
}

}  // namespace liteserve::api
