// POST /db/query_name: a writable stored query ("write": true) run on the database's single
// writer, one job per request. Parameters come from a JSON object or a form-encoded body (plus
// magic parameters); the answer is {"ok", "message", "redirect"} for JSON clients (Accept:
// application/json, ?_json=1 or a _json parameter), else a 302 to the redirect or back to the
// query, as Datasette's QueryView.post. A SQLite error is ok: false with SQLite's message.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/actor.h"
#include "api/canned_query.h"
#include "api/cells.h"
#include "api/json_writer.h"
#include "api/python_repr.h"
#include "auth/signing.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "db/cursor.h"
#include "db/sql_guard.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

using BodyParams = std::vector<std::pair<std::string, std::string>>;

void set_param(BodyParams& params, std::string name, std::string value) {
    for (auto& [key, existing] : params)
        if (key == name) { existing = std::move(value); return; }
    params.emplace_back(std::move(name), std::move(value));
}

// Python's str() of a parsed JSON value: Datasette turns every JSON body value into text so.
void append_python_str(std::string& out, const rapidjson::Value& v, bool nested) {
    if (v.IsNull()) out += "None";
    else if (v.IsBool()) out += v.GetBool() ? "True" : "False";
    else if (v.IsInt64()) out += std::to_string(v.GetInt64());
    else if (v.IsUint64()) out += std::to_string(v.GetUint64());
    else if (v.IsNumber()) append_python_float(out, v.GetDouble());
    else if (v.IsString() && !nested) out.append(v.GetString(), v.GetStringLength());
    else if (v.IsString()) out += python_repr({v.GetString(), v.GetStringLength()});
    else if (v.IsArray()) {
        out += '[';
        for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
            if (i) out += ", ";
            append_python_str(out, v[i], true);
        }
        out += ']';
    } else {
        out += '{';
        bool first = true;
        for (const auto& m : v.GetObject()) {
            if (!first) out += ", ";
            first = false;
            out += python_repr({m.name.GetString(), m.name.GetStringLength()});
            out += ": ";
            append_python_str(out, m.value, true);
        }
        out += '}';
    }
}

// The body as Datasette reads it: a JSON object when it looks like one ({…} once stripped),
// else form-encoded pairs (the last value of a repeated name wins). csrftoken is dropped.
BodyParams body_params(const Request& request) {
    std::string_view body = request.body;
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
    while (!body.empty() && space(body.front())) body.remove_prefix(1);
    while (!body.empty() && space(body.back())) body.remove_suffix(1);
    BodyParams params;
    if (body.size() >= 2 && body.front() == '{' && body.back() == '}') {
        rapidjson::Document doc;
        doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
        if (doc.HasParseError() || !doc.IsObject()) throw bad_request("Invalid JSON in the request body");
        for (const auto& m : doc.GetObject()) {
            std::string value;
            append_python_str(value, m.value, false);
            set_param(params, std::string(m.name.GetString(), m.name.GetStringLength()), std::move(value));
        }
    } else {
        auto form = QueryArgs::parse(body);
        for (const auto& [key, value] : form.all()) set_param(params, key, value);
    }
    std::erase_if(params, [](const auto& p) { return p.first == "csrftoken"; });
    return params;
}

std::optional<std::string> find(const BodyParams& params, std::string_view name) {
    for (const auto& [key, value] : params)
        if (key == name) return value;
    return std::nullopt;
}

bool wants_json(const Request& request, const BodyParams& params) {
    return request.header("accept") == "application/json" ||
           !QueryArgs::parse(request.query).first("_json").value_or("").empty() ||
           !find(params, "_json").value_or("").empty();
}

// Python's sqlite3 counts changes only for statements starting with INSERT, UPDATE, DELETE or
// REPLACE (after whitespace and comments); for any other, cursor.rowcount is -1.
bool is_dml(std::string_view sql) {
    std::size_t i = 0;
    while (i < sql.size()) {
        if (std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
        else if (sql.substr(i, 2) == "--") i = std::min(sql.find('\n', i), sql.size());
        else if (sql.substr(i, 2) == "/*") i = std::min(sql.find("*/", i + 2), sql.size() - 2) + 2;
        else break;
    }
    std::string word;
    for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) && word.size() < 8; ++i)
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
    return word == "insert" || word == "update" || word == "delete" || word == "replace";
}

db::Params bind(sqlite3_stmt* stmt, const MagicInputs& magic, const BodyParams& given) {
    db::Params params;
    for (const auto& name : db::statement_parameters(stmt)) {
        auto value = parameter_value(name, magic, [&](const std::string& n) { return find(given, n); });
        if (!value) missing_parameter(name);
        params.emplace_back(name, std::move(*value));
    }
    return params;
}

struct Outcome {
    bool ok = false;
    std::string message;
    std::optional<std::string> redirect;
};

// on_success_message_sql's first cell, on the writer's connection (it sees the write); an
// error there is reported in the message but does not undo the write, as in Datasette.
std::string success_message(db::Connection& conn, const config::CannedQuery& q, const MagicInputs& magic,
                            const BodyParams& given, std::int64_t rows) {
    if (q.on_success_message_sql) {
        try {
            auto stmt = db::prepare_trusted(conn, *q.on_success_message_sql);
            db::Params params = bind(stmt.get(), magic, given);
            db::Cursor cursor(conn, std::move(stmt), params);
            if (cursor.step() && cursor.column_count() > 0 && cursor.type(0) != db::CellType::Null) {
                std::string text = value_to_text(cursor.value(0));
                if (!text.empty() && text != "0") return text;
            }
        } catch (const db::SqlError& e) {
            return std::string("Error running on_success_message_sql: ") + e.what();
        }
    }
    if (q.on_success_message && !q.on_success_message->empty()) return *q.on_success_message;
    return "Query executed, " + std::to_string(rows) + " row" + (rows == 1 ? "" : "s") + " affected";
}

Outcome execute(db::Database& database, const config::CannedQuery& q, const MagicInputs& magic,
                const BodyParams& given) {
    Outcome outcome;
    try {
        database.writer().run([&](db::Connection& conn) {
            auto stmt = db::prepare_trusted(conn, q.sql);
            db::Params params = bind(stmt.get(), magic, given);
            db::Cursor cursor(conn, std::move(stmt), params);
            while (cursor.step()) {
            }
            std::int64_t rows = is_dml(q.sql) ? sqlite3_changes64(conn.handle()) : -1;
            outcome.message = success_message(conn, q, magic, given, rows);
        });
        outcome.ok = true;
        outcome.redirect = q.on_success_redirect;
    } catch (const db::SqlError& e) {
        outcome.message = q.on_error_message && !q.on_error_message->empty() ? *q.on_error_message : e.what();
        outcome.redirect = q.on_error_redirect;
    }
    return outcome;
}

// Datasette's add_message before its redirect: the message (type 1 INFO, 3 ERROR) travels to
// the page the browser lands on in a ds_messages cookie, signed as its sign(..., "messages").
Response redirect_with_message(const Context& ctx, std::string location, const Outcome& outcome) {
    std::string messages = "[[" + auth::compact_json_string(outcome.message) + (outcome.ok ? ",1]]" : ",3]]");
    Response response = Response::redirect(std::move(location));
    response.set_header("set-cookie", "ds_messages=" + auth::sign_json(ctx.secret, "messages", messages) +
                                          "; Path=/; SameSite=lax");
    return response;
}

}  // namespace

Response canned_write(const Context& ctx, Request& request, const config::CannedQuery& q) {
    const std::string& db_name = request.param("db");
    db::Database& database = ctx.database(db_name);
    require_view(ctx, request_actor(ctx, request), "view-query", {db_name, q.name});
    if (!q.write) {
        Response r = Response::text("Method not allowed", 405);
        r.set_header("allow", "GET, HEAD");
        return r;
    }
    if (!database.is_mutable()) throw HttpError(403, "Database is immutable", "Forbidden");
    BodyParams params = body_params(request);
    Outcome outcome = execute(database, q, magic_inputs(ctx, request), params);
    if (!wants_json(request, params)) return redirect_with_message(ctx, outcome.redirect.value_or(request.path), outcome);
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(outcome.ok);
    w.key("message").string(outcome.message);
    w.key("redirect");
    if (outcome.redirect) w.string(*outcome.redirect); else w.null();
    w.end_object();
    return Response::json(std::move(body));
}

}  // namespace liteserve::api
