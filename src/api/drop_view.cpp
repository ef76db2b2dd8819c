// POST /db/table/-/drop (Datasette's TableDropView), in two steps: without {"confirm": true}
// the answer is the table's row count and a request to confirm; with it the table is dropped
// as one writer job. Views are not tables here ("Table not found: name").
#include "api/row_values.h"
#include "api/views.h"
#include "api/write_body.h"
#include "api/write_target.h"
#include "db/cursor.h"
#include "db/quote.h"
#include "db/row_writes.h"

namespace liteserve::api {
namespace {

// Datasette reads "confirm" from whatever JSON the body holds, whatever its content type,
// and treats a body it cannot parse as no confirmation.
bool confirmed(const Request& request) {
    rapidjson::Document body;
    body.Parse(request.body.data(), request.body.size());
    if (body.HasParseError() || !body.IsObject()) return false;
    auto confirm = body.FindMember("confirm");
    return confirm != body.MemberEnd() && truthy(confirm->value);
}

std::int64_t row_count(const Context& ctx, Request& request, const WriteTarget& target) {
    auto lease = target.database->read(read_budget(ctx, request), request.cancelled);
    db::Cursor cursor(lease->conn(), "select count(*) from " + db::quote_identifier(target.table.name), {});
    return cursor.step() ? cursor.integer(0) : 0;
}

}  // namespace

Response drop_table_view(const Context& ctx, Request& request) {
    WriteTarget target = resolve_target(ctx, request, NotFoundWording::TableView);
    target.require("drop-table", "Permission denied");
    target.require_writable();
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(true);
    if (!confirmed(request)) {
        w.key("database").string(target.db_name);
        w.key("table").string(target.table.name);
        w.key("row_count").integer(row_count(ctx, request, target));
        w.key("message").string("Pass \"confirm\": true to confirm");
    } else {
        std::string sql = "DROP TABLE " + db::quote_identifier(target.table.name, db::QuoteStyle::Bracket);
        run_write(target, [&](db::Connection& conn) { db::execute_schema(conn, sql); });
    }
    w.end_object();
    return Response::json(std::move(body));
}

}  // namespace liteserve::api
