// POST /db/-/execute-write: one statement of client write SQL, {"sql", "params"}, run as one
// writer job (all or nothing) after execute-write-sql on the database and the per-operation
// permissions of its analysis; GET answers what Datasette's form page would, minus the form.
#include <set>

#include "api/actor.h"
#include "api/errors.h"
#include "api/permissions.h"
#include "api/row_values.h"
#include "api/router.h"
#include "api/views.h"
#include "api/write_body.h"
#include "api/write_sql.h"
#include "api/write_target.h"

namespace liteserve::api {
namespace {

// Datasette sends these with every execute-write answer so that no page can frame it.
Response block_framing(Response response) {
    response.set_header("content-security-policy", "frame-ancestors 'none'");
    response.set_header("x-frame-options", "DENY");
    return response;
}

SqlParam sql_param(const rapidjson::Value& v) {
    if (v.IsNull()) return {nullptr};
    if (v.IsBool()) return {std::int64_t{v.GetBool() ? 1 : 0}};
    if (v.IsInt64()) return {v.GetInt64()};
    if (v.IsNumber()) return {v.GetDouble()};
    if (v.IsString()) return {std::string(v.GetString(), v.GetStringLength())};
    return {nullptr, v.IsArray() ? "list" : "dict"};
}

// The body's "sql" and "params", checked in Datasette's order and with its messages.
WriteSqlRequest parse_request(const Request& request, const std::string& database) {
    rapidjson::Document body = parse_json_body(request, EmptyBody::EmptyObject);
    std::set<std::string> invalid;
    for (const auto& m : body.GetObject()) {
        std::string key(m.name.GetString(), m.name.GetStringLength());
        if (key != "sql" && key != "params") invalid.insert(key);
    }
    if (!invalid.empty()) {
        std::string keys;
        for (const auto& key : invalid) keys += (keys.empty() ? "" : ", ") + key;
        throw WriteFailure(400, "Invalid keys: " + keys);
    }
    WriteSqlRequest out;
    out.database = database;
    auto params = body.FindMember("params");
    if (params != body.MemberEnd() && truthy(params->value)) {
        if (!params->value.IsObject()) throw WriteFailure(400, "params must be a dictionary");
        for (const auto& m : params->value.GetObject())
            out.params[std::string(m.name.GetString(), m.name.GetStringLength())] = sql_param(m.value);
    }
    auto sql = body.FindMember("sql");
    if (sql == body.MemberEnd() || !sql->value.IsString() || sql->value.GetStringLength() == 0)
        throw WriteFailure(400, "SQL is required");
    out.sql.assign(sql->value.GetString(), sql->value.GetStringLength());
    out.cancelled = request.cancelled;
    return out;
}

void write_optional(JsonWriter& w, const std::optional<std::string>& text) {
    if (text) w.string(*text);
    else w.null();
}

std::string result_json(const WriteSqlResult& result) {
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(true);
    std::string message = "Query executed";
    if (result.rowcount != -1)
        message += ", " + std::to_string(result.rowcount) + (result.rowcount == 1 ? " row" : " rows") + " affected";
    w.key("message").string(message);
    w.key("rowcount").integer(result.rowcount);
    w.key("rows").raw(result.rows_json);
    w.key("truncated").boolean(result.truncated);
    w.key("analysis").begin_array();
    for (const auto& [op, decision] : shown_operations(result.operations)) {
        w.begin_object();
        w.key("operation").string(op->operation);
        w.key("database");
        write_optional(w, op->database);
        w.key("table");
        write_optional(w, op->table ? op->table : op->target);
        w.key("required_permission").string(db::required_permission_text(decision));
        w.key("source");
        write_optional(w, op->source);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return body;
}

}  // namespace

Response execute_write_view(const Context& ctx, Request& request) {
    WriteTarget target = database_target(ctx, request);  // an unknown database: a plain 404
    try {
        if (!can(ctx, target.actor, "execute-write-sql", {target.db_name, {}}))
            throw WriteFailure(403, "Permission denied: need execute-write-sql");
        target.require_writable();
        WriteSqlRequest sql = parse_request(request, target.db_name);
        auto allowed = [&](const db::PermissionNeed& need) {
            return can(ctx, target.actor, need.action, {need.database, need.table.value_or("")});
        };
        WriteSqlResult result;
        run_write(target, [&](db::Connection& conn) { result = run_write_sql(conn, sql, allowed); });
        return block_framing(Response::json(result_json(result)));
    } catch (...) {
        // Datasette frames its refusals too.
        return block_framing(response_for_current_exception(request));
    }
}

// Datasette shows permitted actors an HTML form here; liteserve has no HTML, so they are told
// to POST. Everyone else gets Datasette's 403.
Response execute_write_form_view(const Context& ctx, Request& request) {
    const std::string& name = request.param("db");
    db::Database& database = ctx.database(name);
    if (!can(ctx, request_actor(ctx, request), "execute-write-sql", {name, {}}))
        throw HttpError(403, "Permission denied", "Forbidden");
    if (!database.is_mutable())
        return block_framing(Response::json(
            write_errors_json({"Cannot execute write SQL because this database is immutable."}), 403));
    Response response = error_response(405, "POST a JSON body {\"sql\": …, \"params\": {…}} to execute write SQL");
    response.set_header("allow", "POST");
    return block_framing(std::move(response));
}

}  // namespace liteserve::api
