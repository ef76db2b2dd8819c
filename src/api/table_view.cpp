// GET /db/table.json: plan the request, run one page, wrap it in Datasette's envelope.
#include "api/actor.h"
#include "api/blob_view.h"
#include "api/cells.h"
#include "api/errors.h"
#include "api/exports.h"
#include "api/filter_redirects.h"
#include "api/labels.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/table_extras.h"
#include "api/table_page.h"
#include "api/table_plan.h"
#include "api/urls.h"
#include "api/views.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

std::optional<std::string> next_url_for(const Request& request, const TablePlan& plan,
                                        const std::optional<std::string>& next) {
    if (!next) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> replace = {{"_next", *next}};
    if (plan.spec.sort && !plan.spec.is_view)
        replace.emplace_back(plan.spec.sort->descending ? "_sort_desc" : "_sort", plan.spec.sort->column);
    return absolute_url(request, path_with_replaced_args(request, replace));
}

std::string envelope(const TablePage& page, const TableExtrasInput& extras) {
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(true);
    w.key("next");
    if (page.next) w.string(*page.next); else w.null();
    write_table_extras(w, extras);
    w.key("rows").raw(page.rows_json);
    w.key("truncated").boolean(false);
    w.end_object();
    return body;
}

// Datasette redirects the HTML form's arguments (filter_redirects.h) once the table is found
// and visible, before any other argument is read: even _where's permission comes after.
std::optional<Response> form_redirect(const Context& ctx, const Request& request) {
    auto query = filter_redirect_query(QueryArgs::parse(request.query));
    if (!query) return std::nullopt;
    const std::string& db_name = request.param("db");
    auto lease = ctx.database(db_name).read(read_budget(ctx, request), request.cancelled);
    if (!lease->schema().find(request.param("table"))) throw not_found("Table not found");
    require_view(ctx, request_actor(ctx, request), "view-table", {db_name, request.param("table")});
    return filter_redirect(request.path, *query);
}

}  // namespace

Response table_view(const Context& ctx, Request& request) {
    // Datasette splits a format off the name only when a renderer has it: "facetable.nope"
    // is then a table name, and none has it.
    const std::string& format = request.param("format");
    if (!format.empty() && format != "json" && format != "csv" && !wants_blob(request)) throw not_found("Table not found");
    if (auto redirect = form_redirect(ctx, request)) return std::move(*redirect);
    require_table_read(ctx, request, request.param("db"), request.param("table"));
    if (wants_blob(request)) return table_blob(ctx, request);
    if (wants_export(request)) return table_export(ctx, request);  // .csv, _stream=on
    const std::string& db_name = request.param("db");
    db::Database& database = ctx.database(db_name);
    auto args = QueryArgs::parse(request.query);
    auto lease = database.read(read_budget(ctx, request), request.cancelled);
    const db::Table* table = lease->schema().find(request.param("table"));
    if (!table) throw not_found("Table not found");

    TablePlan plan = plan_table(ctx, db_name, lease->schema(), *table, args);
    if (plan.shape == Shape::Object && table->primary_keys.empty()) {
        Response refusal = object_shape_refusal(kObjectShapeNeedsKeys);
        add_cache_headers(ctx, request, refusal);
        return refusal;
    }
    db::SelectSql sql = db::build_select(plan.spec);
    bool client_sql = args.has("_where");
    auto labels = columns_to_expand(ctx, db_name, lease->schema(), *table, plan.columns, args);
    TablePage page = run_table_page(lease->conn(), plan, sql, client_sql, labels);
    if (plan.invalid_shape) {
        // Datasette's renderer answers it, after the data, so the table view's header goes on.
        Response refusal = error_response(400, "Invalid _shape: " + *plan.invalid_shape);
        refusal.set_header("referrer-policy", "no-referrer");
        return refusal;
    }
    auto next_url = next_url_for(request, plan, page.next);

    Response response = has_envelope(plan.shape)
        ? Response::json(envelope(page, {ctx, request, db_name, lease->schema(), plan, sql, lease->conn(), next_url, page.row_count}))
        : bare_rows_response(std::move(page.rows_json), plan.shape == Shape::Array && plan.newline_delimited);
    if (next_url) response.set_header("link", "<" + *next_url + ">; rel=\"next\"");
    add_cache_headers(ctx, request, response);
    return response;
}

}  // namespace liteserve::api
