// Stored queries at a table's URL: finding them, binding their parameters (query string,
// magic parameters, '' defaults) and answering GET through the same page, export and blob
// code as -/query, but prepared as trusted SQL (stored queries may use PRAGMA and the like).
#include "api/canned_query.h"

#include <algorithm>
#include <random>

#include "api/actor.h"
#include "api/blob_view.h"
#include "api/exports.h"
#include "api/permissions.h"
#include "api/query_args.h"
#include "api/query_page.h"
#include "api/views.h"
#include "liteserve/error.h"

namespace liteserve::api {

Response canned_write(const Context& ctx, Request& request, const config::CannedQuery& query);  // canned_write.cpp

namespace {

const config::CannedQuery* configured(const Context& ctx, std::string_view db, std::string_view name) {
    const auto* dc = ctx.config.database(db);
    if (!dc) return nullptr;
    auto it = std::find_if(dc->queries.begin(), dc->queries.end(), [&](const auto& q) { return q.name == name; });
    return it == dc->queries.end() ? nullptr : &*it;
}

// Whether {db} has a table or view named {table} (the database must exist).
bool names_table(const Context& ctx, const Request& request) {
    auto lease = ctx.database(request.param("db")).read(read_budget(ctx, request), request.cancelled);
    return lease->schema().find(request.param("table")) != nullptr;
}

std::string random_hex(std::size_t count) {
    static const char* digits = "0123456789abcdef";
    std::random_device device;
    std::string out;
    while (out.size() < count) {
        unsigned value = device();
        for (int i = 0; i < 8 && out.size() < count; ++i, value >>= 4) out += digits[value & 15];
    }
    return out;
}

void optional_string(JsonWriter& w, const char* key, const std::optional<std::string>& value) {
    w.key(key);
    if (value) w.string(*value); else w.null();
}

QuerySpec canned_spec(const Context& ctx, const Request& request, const config::CannedQuery& q) {
    const std::string& db = request.param("db");
    QuerySpec spec;
    spec.sql = q.sql;
    spec.trusted = true;
    // As Datasette: the query string's arguments, then '' for every parameter not starting
    // with "_" (those of the configured "params" list when there is one); magic parameters
    // take precedence when the SQL names them.
    const auto& defaults = q.params.empty() ? sql_named_parameters(q.sql) : q.params;
    spec.params = parameter_dict(QueryArgs::parse(request.query), defaults, false);
    spec.bind = [magic = magic_inputs(ctx, request), dict = spec.params](const std::vector<std::string>& keys) {
        auto given = [&dict](const std::string& key) -> std::optional<std::string> {
            const std::string* value = find_param(dict, key);
            return value ? std::optional<std::string>(*value) : std::nullopt;
        };
        db::Params params;
        for (const auto& key : keys) {
            auto value = parameter_value(key, magic, given);
            if (!value) missing_parameter(key);
            params.emplace_back(key, std::move(*value));
        }
        return params;
    };
    spec.stored_query = q.name;
    spec.is_private = is_private(ctx, "view-query", {db, q.name});
    spec.metadata = [&ctx, db, &q](JsonWriter& w) {
        w.begin_object();
        write_canned_query_fields(w, ctx, db, q);
        w.end_object();
    };
    return spec;
}

Response canned_read(const Context& ctx, Request& request, const config::CannedQuery& q) {
    const std::string& db = request.param("db");
    require_view(ctx, request_actor(ctx, request), "view-query", {db, q.name});
    QuerySpec spec = canned_spec(ctx, request, q);
    if (q.write) {  // not run by GET: its page has no rows (Datasette shows its form)
        require_json_format(request);
        return unrun_query_page(ctx, request, spec);
    }
    if (wants_blob(request)) return query_blob(ctx, request, spec, {});
    if (wants_export(request)) return query_export(ctx, request, spec);  // .csv, _stream=on
    require_json_format(request);
    return query_page(ctx, request, spec);
}

}  // namespace

const config::CannedQuery* requested_canned_query(const Context& ctx, const Request& request) {
    const auto* q = configured(ctx, request.param("db"), request.param("table"));
    if (!q) return nullptr;
    try {
        return names_table(ctx, request) ? nullptr : q;
    } catch (const HttpError&) {
        return nullptr;  // no such database
    }
}

Response table_or_query_view(const Context& ctx, Request& request) {
    const auto* q = requested_canned_query(ctx, request);
    if (!q) return table_view(ctx, request);
    Response response = canned_read(ctx, request, *q);
    add_table_url_headers(ctx, request, response);
    return response;
}

Response table_post_view(const Context& ctx, Request& request) {
    ctx.database(request.param("db"));  // 404 for an unknown database first
    if (names_table(ctx, request)) {
        Response r = Response::text("Method not allowed", 405);
        r.set_header("allow", "GET, HEAD");
        r.set_header("referrer-policy", "no-referrer");
        return r;
    }
    const auto* q = configured(ctx, request.param("db"), request.param("table"));
    if (!q) throw not_found("Table not found");
    Response response = canned_write(ctx, request, *q);
    add_table_url_headers(ctx, request, response);
    return response;
}

void write_canned_query_fields(JsonWriter& w, const Context& ctx, std::string_view db, const config::CannedQuery& q) {
    w.key("database").string(db);
    w.key("name").string(q.name);
    w.key("sql").string(q.sql);
    optional_string(w, "title", q.title);
    optional_string(w, "description", q.description);
    optional_string(w, "description_html", q.description_html);
    w.key("hide_sql").boolean(q.hide_sql);
    optional_string(w, "fragment", q.fragment);
    w.key("params").strings(q.params);
    w.key("parameters").strings(q.params);
    w.key("is_write").boolean(q.write);
    w.key("is_private").boolean(is_private(ctx, "view-query", {std::string(db), q.name}));
    w.key("is_trusted").boolean(true);
    w.key("owner_id").null();
    optional_string(w, "on_success_message", q.on_success_message);
    optional_string(w, "on_success_message_sql", q.on_success_message_sql);
    optional_string(w, "on_success_redirect", q.on_success_redirect);
    optional_string(w, "on_error_message", q.on_error_message);
    optional_string(w, "on_error_redirect", q.on_error_redirect);
}

MagicInputs magic_inputs(const Context& ctx, const Request& request) {
    return {request.headers, request_actor(ctx, request), std::chrono::system_clock::now(), random_hex};
}

std::optional<db::Value> parameter_value(const std::string& name, const MagicInputs& magic, const ValueLookup& given) {
    if (auto value = resolve_magic(name, magic)) return value;
    if (auto value = given(name)) return db::Value(std::move(*value));
    return std::nullopt;
}

void missing_parameter(const std::string& name) {
    throw db::SqlError("You did not supply a value for binding parameter :" + name + ".", SQLITE_RANGE);
}

void add_table_url_headers(const Context& ctx, const Request& request, Response& response) {
    if (response.status == 200) add_cache_headers(ctx, request, response);
    response.set_header("referrer-policy", "no-referrer");
}

}  // namespace liteserve::api
