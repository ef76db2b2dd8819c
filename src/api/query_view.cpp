// GET /db/-/query.json?sql=…: read-only SQL (enforced by SQLite's authorizer) with parameters
// from the query string, capped at max_returned_rows; and query_page, the JSON page that
// stored queries render too. As Datasette's QueryView, the SQL runs only when ?sql= is
// non-empty: without it the page has no rows but is still a page (200, extras and all).
#include <algorithm>
#include <exception>

#include "api/blob_view.h"
#include "api/canned_query.h"
#include "api/exports.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/query_extras.h"
#include "api/query_page.h"
#include "api/shapes.h"
#include "api/views.h"
#include "db/cursor.h"
#include "db/sql_guard.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

// What running the query gave: the rows written in the requested shape, or the SQLite error
// that Datasette reports inside the page (rows and columns then empty).
struct PageResult {
    std::string rows_json = "[]";
    std::vector<std::string> columns;
    std::size_t row_count = 0;
    bool truncated = false;
    std::optional<std::string> error;
};

// The requested _shape. An invalid one is kept, not thrown: Datasette's renderer looks at the
// shape only after the query ran, and reports a SQL error instead when there is one.
struct ShapeChoice {
    Shape shape = Shape::Objects;
    bool newline_delimited = false;  // _shape=array&_nl=on
    std::exception_ptr invalid;
};

ShapeChoice choose_shape(const QueryArgs& args) {
    ShapeChoice choice;
    try {
        choice.shape = parse_shape(args.first("_shape"));
        choice.newline_delimited = choice.shape == Shape::Array && args.truthy("_nl");
    } catch (const HttpError&) {
        choice.invalid = std::current_exception();
    }
    return choice;
}

// _shape=object is refused once the query has run, so meanwhile rows are written as objects.
Shape writing_shape(Shape shape) { return shape == Shape::Object ? Shape::Objects : shape; }

// Datasette's renderer reads ?_json= with getlist: "a,b" names one column, not two.
CellFormat query_cell_format(const QueryArgs& args, const std::vector<std::string>& columns) {
    CellFormat format = cell_format(args, columns);
    auto named = args.every("_json");
    for (std::size_t i = 0; i < columns.size() && i < format.embed_json.size(); ++i)
        format.embed_json[i] = std::find(named.begin(), named.end(), columns[i]) != named.end();
    return format;
}

void read_rows(db::Cursor& cursor, Shape shape, const QueryArgs& args, std::int64_t max_rows, PageResult& page) {
    page.columns = cursor.column_names();
    page.rows_json.clear();
    JsonWriter w(page.rows_json);
    RowWriter writer(writing_shape(shape), args.truthy("_nl"), page.columns, query_cell_format(args, page.columns));
    writer.begin(w);
    while (cursor.step()) {
        if (static_cast<std::int64_t>(page.row_count) == max_rows) {
            page.truncated = true;
            break;
        }
        writer.row(w, cursor);
        ++page.row_count;
    }
    writer.end(w);
}

// Python's sqlite3 binds a dict by looking each parameter up under its name minus the prefix,
// so "$n", "@n" and "?5" get values like ":n" does; the values are bound by position because
// db::bind_params only knows ":" names.
PageResult run_query(const Context& ctx, Request& request, const QuerySpec& spec, Shape shape,
                     const QueryArgs& args) {
    auto lease = ctx.database(request.param("db")).read(read_budget(ctx, request), request.cancelled);
    PageResult page;
    try {
        db::StatementPtr stmt = spec.trusted ? db::prepare_trusted(lease->conn(), spec.sql)
                                             : db::prepare_client_query(lease->conn(), spec.sql);
        std::vector<db::Value> values;  // outlives the cursor: bound without copying
        for (auto& entry : spec.bind(binding_keys(stmt.get()))) values.push_back(std::move(entry.second));
        db::bind_values_borrowed(stmt.get(), values);
        db::Cursor cursor(lease->conn(), std::move(stmt), {});
        read_rows(cursor, shape, args, ctx.settings.max_returned_rows, page);
    } catch (const db::SqlRefused&) {
        throw;  // Datasette's "Invalid SQL" error, not a page
    } catch (const db::SqlError& e) {
        page = PageResult{};
        page.error = e.what();
    }
    return page;
}

Response envelope(const Context& ctx, const Request& request, const QuerySpec& spec, const PageResult& page) {
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(!page.error);
    w.key("rows").raw(page.rows_json);
    write_query_extras(w, {ctx, request, spec, page.columns, page.row_count});
    if (page.error) w.key("error").string(*page.error);
    w.key("truncated").boolean(page.truncated);
    w.end_object();
    return Response::json(std::move(body), page.error ? 400 : 200);
}

Response answer(const Context& ctx, const Request& request, const QuerySpec& spec, const ShapeChoice& choice,
                const PageResult& page) {
    if (page.error) return envelope(ctx, request, spec, page);  // the shape is ignored then
    if (choice.invalid) std::rethrow_exception(choice.invalid);
    if (choice.shape == Shape::Object) return object_shape_refusal("_shape=object is only available on tables");
    if (!has_envelope(choice.shape)) return bare_rows_response(page.rows_json, choice.newline_delimited);
    return envelope(ctx, request, spec, page);
}

// No rows, laid out as the shape lays out an empty result ("[]", or nothing for _nl).
std::string empty_rows(Shape shape, bool nl) {
    std::string out;
    JsonWriter w(out);
    RowWriter writer(writing_shape(shape), nl, {}, {});
    writer.begin(w);
    writer.end(w);
    return out;
}

// Without SQL nothing runs. CSV needs a query (Datasette: "?sql= is required"); the blob
// renderer checks ?_blob_column= against the empty column list; JSON gets a rowless page.
Response no_sql_answer(const Context& ctx, Request& request, const QuerySpec& spec) {
    if (request.param("format") == "csv") throw bad_request("?sql= is required");
    if (wants_blob(request)) {
        auto column = QueryArgs::parse(request.query).first("_blob_column");
        if (!column) throw bad_request("?_blob_column= is required");
        throw bad_request(*column + " is not a valid column");
    }
    require_json_format(request);
    return unrun_query_page(ctx, request, spec);
}

}  // namespace

QuerySpec client_query(const Context& ctx, const Request& request, std::string sql) {
    const std::string& db = request.param("db");
    auto args = QueryArgs::parse(request.query);
    QuerySpec spec;
    spec.sql_given = args.has("sql");
    spec.params = parameter_dict(args, sql_named_parameters(sql), true);
    spec.sql = std::move(sql);
    spec.is_private = !(can_view(ctx, std::nullopt, "view-database", {db, {}}) &&
                        can(ctx, std::nullopt, "execute-sql", {db, {}}));
    spec.bind = [dict = spec.params](const std::vector<std::string>& keys) {
        db::Params params;
        for (const auto& key : keys) {
            const std::string* value = find_param(dict, key);
            if (!value) missing_parameter(key);
            params.emplace_back(key, *value);
        }
        return params;
    };
    return spec;
}

Response query_page(const Context& ctx, Request& request, const QuerySpec& spec) {
    auto args = QueryArgs::parse(request.query);
    ShapeChoice choice = choose_shape(args);
    PageResult page = run_query(ctx, request, spec, choice.shape, args);
    return answer(ctx, request, spec, choice, page);
}

Response unrun_query_page(const Context& ctx, Request& request, const QuerySpec& spec) {
    auto args = QueryArgs::parse(request.query);
    ShapeChoice choice = choose_shape(args);
    PageResult page;
    page.rows_json = empty_rows(choice.shape, args.truthy("_nl"));
    return answer(ctx, request, spec, choice, page);
}

Response query_view(const Context& ctx, Request& request) {
    require_sql(ctx, request, request.param("db"));
    std::string sql = QueryArgs::parse(request.query).first("sql").value_or("");
    QuerySpec spec = client_query(ctx, request, sql);
    if (sql.empty()) return no_sql_answer(ctx, request, spec);
    if (wants_blob(request)) return query_blob(ctx, request, spec, {});
    if (wants_export(request)) return query_export(ctx, request, spec);  // .csv, _stream=on
    require_json_format(request);
    return query_page(ctx, request, spec);
}

}  // namespace liteserve::api
