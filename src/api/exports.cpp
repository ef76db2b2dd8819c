// CSV and streamed answers. Everything that can fail the request (arguments, names, the SQL
// itself) is checked here, on the pooled connection, before a stream is handed out: once the
// HTTP layer has sent the headers the status cannot change any more.
#include "api/exports.h"

#include <algorithm>

#include "api/csv.h"
#include "api/json_rows.h"
#include "api/labels.h"
#include "api/query_args.h"
#include "api/row_stream.h"
#include "api/shapes.h"
#include "api/table_plan.h"
#include "api/views.h"
#include "db/select_builder.h"
#include "db/sql_guard.h"
#include "liteserve/error.h"

namespace liteserve::api {
namespace {

enum class Format { Csv, JsonArray, Ndjson };

struct ExportMode {
    Format format = Format::Csv;
    bool stream = false;
};

// Datasette streams a CSV for any non-empty _stream (even "off") and ignores _stream on JSON;
// liteserve also streams JSON arrays (_shape=array, NDJSON with _nl), its own extension.
bool stream_asked(const Request& request, const QueryArgs& args) {
    if (!args.truthy("_stream")) return false;
    return request.param("format") == "csv" || shape_named(args.first("_shape")) == Shape::Array;
}

// allow_csv_stream guards every stream, JSON ones included: it is the switch for answers
// that max_returned_rows does not bound.
ExportMode export_mode(const Context& ctx, const Request& request, const QueryArgs& args) {
    ExportMode mode;
    mode.stream = stream_asked(request, args);
    bool csv = wants_csv(request);
    if (!csv) require_json_format(request);
    if (mode.stream) {
        if (!ctx.settings.allow_csv_stream)
            throw bad_request(csv ? "CSV streaming is disabled" : "Streaming is disabled (allow_csv_stream is off)");
        if (args.truthy("_next"))
            throw bad_request(csv ? "_next not allowed for CSV streaming" : "_next not allowed for streaming");
    }
    if (csv) return mode;
    mode.format = args.truthy("_nl") ? Format::Ndjson : Format::JsonArray;
    return mode;
}

// Names come from the database: nothing in them may break out of the quoted header value.
std::string filename_safe(std::string name) {
    for (char& c : name)
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '_';
    return name;
}

// Datasette: text/plain unless _dl (any value) asks for a download named after the {table}
// of the URL as spelled there (tilde-encoded; a stored query's name), else the database.
Response export_response(const ExportMode& mode, const QueryArgs& args, const std::string& name) {
    Response response;
    if (mode.format != Format::Csv) {
        response.set_header("content-type", mode.format == Format::Ndjson ? "text/plain" : std::string(kJsonContentType));
        return response;
    }
    bool download = args.truthy("_dl");
    response.set_header("content-type", download ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8");
    if (download)
        response.set_header("content-disposition", "attachment; filename=\"" + filename_safe(name) + ".csv\"");
    return response;
}

std::vector<int> indexes_of(const std::vector<std::string>& names, const std::vector<std::string>& wanted) {
    std::vector<int> indexes;
    for (const auto& w : wanted) {
        auto at = std::find(names.begin(), names.end(), w);
        if (at != names.end()) indexes.push_back(static_cast<int>(at - names.begin()));
    }
    return indexes;
}

std::unique_ptr<RowEncoder> make_encoder(const ExportMode& mode, const QueryArgs& args, std::vector<std::string> names,
                                         const CellFormat& format, const std::vector<LabelColumn>& labels,
                                         CsvBlobLinks blobs) {
    if (mode.format != Format::Csv)
        return std::make_unique<JsonRowsEncoder>(std::move(names), format, mode.format == Format::Ndjson);
    CsvOptions options;
    options.names = std::move(names);
    for (const auto& label : labels) options.label_columns.push_back(label.index);
    options.header = args.first("_header") != "off";
    options.blobs = std::move(blobs);
    return std::make_unique<CsvEncoder>(std::move(options));
}

// stream_time_limit_ms for a mutable database (a long stream there holds a read snapshot
// that keeps the WAL from being checkpointed), immutable_stream_time_limit_ms (default: none)
// for an immutable one; lowered by ?_timelimit= as for any other query. 0: no limit.
StreamLimits stream_limits(const Context& ctx, const Request& request, const db::Database& database) {
    StreamLimits limits;
    limits.cancelled = request.cancelled;
    std::chrono::milliseconds budget(database.is_mutable() ? ctx.settings.stream_time_limit_ms
                                                           : ctx.settings.immutable_stream_time_limit_ms);
    if (auto asked = requested_time_limit(request); asked && (budget.count() == 0 || *asked < budget)) budget = *asked;
    if (budget.count() > 0) limits.cpu_budget = budget;
    return limits;
}

// A page is rendered now, on the pooled connection; a stream gets a producer that runs the
// statement again on a connection of its own.
void fill_body(const Context& ctx, const Request& request, const db::Database& database, db::Connection& conn,
               std::unique_ptr<db::Cursor> cursor, RowSource source, RowOutput output, bool stream,
               Response& response) {
    if (!stream) {
        render_rows(conn, std::move(cursor), output, response.body);
        return;
    }
    cursor.reset();
    response.next_chunk = stream_rows(database, std::move(source), std::move(output), stream_limits(ctx, request, database));
}

}  // namespace

bool wants_csv(const Request& request) { return request.param("format") == "csv"; }

bool wants_export(const Request& request) {
    return wants_csv(request) || stream_asked(request, QueryArgs::parse(request.query));
}

Response table_export(const Context& ctx, Request& request) {
    const std::string& db_name = request.param("db");
    db::Database& database = ctx.database(db_name);
    auto args = QueryArgs::parse(request.query);
    ExportMode mode = export_mode(ctx, request, args);
    auto lease = database.read(read_budget(ctx, request), request.cancelled);
    const db::Table* table = lease->schema().find(request.param("table"));
    if (!table) throw not_found("Table not found");

    TablePlan plan = plan_table(ctx, db_name, lease->schema(), *table, args);
    plan.spec.every_row = mode.stream;
    db::SelectSql sql = db::build_select(plan.spec);
    RowSource source{sql.sql, sql.params, args.has("_where")};
    auto statement = source.client_sql ? db::prepare_read_only(lease->conn(), sql.sql) : lease->conn().prepare(sql.sql);
    auto cursor = std::make_unique<db::Cursor>(lease->conn(), std::move(statement), sql.params);

    RowOutput output;
    output.labels = columns_to_expand(ctx, db_name, lease->schema(), *table, plan.columns, args);
    // Views have no row key to link a BLOB to; they get query links.
    CsvBlobLinks blobs = table->is_view ? CsvBlobLinks::for_query(request)
                                        : CsvBlobLinks::for_table(request, db_name, table->name,
                                                                  indexes_of(plan.columns, plan.key_columns));
    output.encoder = make_encoder(mode, args, plan.columns, plan.format, output.labels, std::move(blobs));
    if (mode.format == Format::Csv) output.max_bytes = static_cast<std::uint64_t>(ctx.settings.max_csv_mb) << 20;
    // A stream is every row, fetched page after page in Datasette, so a page of 0 ends it
    // after the header.
    if (!mode.stream || plan.page_size == 0) output.max_rows = plan.page_size;

    Response response = export_response(mode, args, request.param("table~"));
    fill_body(ctx, request, database, lease->conn(), std::move(cursor), std::move(source), std::move(output),
              mode.stream, response);
    add_cache_headers(ctx, request, response);
    return response;
}

Response query_export(const Context& ctx, Request& request, const QuerySpec& spec) {
    db::Database& database = ctx.database(request.param("db"));
    auto args = QueryArgs::parse(request.query);
    ExportMode mode = export_mode(ctx, request, args);
    auto lease = database.read(read_budget(ctx, request), request.cancelled);

    db::StatementPtr statement = spec.trusted ? db::prepare_trusted(lease->conn(), spec.sql)
                                              : db::prepare_client_query(lease->conn(), spec.sql);
    RowSource source{spec.sql, spec.bind(db::statement_parameters(statement.get())), !spec.trusted};
    auto cursor = std::make_unique<db::Cursor>(lease->conn(), std::move(statement), source.params);
    auto columns = cursor->column_names();

    RowOutput output;
    output.encoder = make_encoder(mode, args, columns, cell_format(args, columns), {}, CsvBlobLinks::for_query(request));
    if (mode.format == Format::Csv) output.max_bytes = static_cast<std::uint64_t>(ctx.settings.max_csv_mb) << 20;
    // A query stops at max_returned_rows, silently in CSV, and so does a CSV stream of one:
    // Datasette pages only tables, so its streamed query CSV is the one page (recorded in the
    // conformance corpus). Only liteserve's own JSON streams give every row of a query.
    if (!mode.stream || mode.format == Format::Csv) output.max_rows = ctx.settings.max_returned_rows;

    const std::string& table_in_url = request.param("table~");
    Response response = export_response(mode, args, table_in_url.empty() ? database.name() : table_in_url);
    fill_body(ctx, request, database, lease->conn(), std::move(cursor), std::move(source), std::move(output),
              mode.stream, response);
    return response;
}

Response row_csv(const Context& ctx, const Request& request, const std::string& database, const db::Table& table,
                 const db::Cursor& cursor, const std::vector<std::string>& keys) {
    auto args = QueryArgs::parse(request.query);
    ExportMode mode = export_mode(ctx, request, args);
    auto names = cursor.column_names();
    auto blobs = CsvBlobLinks::for_table(request, database, table.name, indexes_of(names, keys));
    auto encoder = make_encoder(mode, args, names, {}, {}, std::move(blobs));
    Response response = export_response(mode, args, request.param("table~"));
    encoder->begin(response.body);
    encoder->row(response.body, cursor);
    return response;
}

}  // namespace liteserve::api
