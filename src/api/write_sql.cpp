// The execute-write job: analysis, parameter checks, permission checks in Datasette's order,
// then execution under the time limit with at most kReturnedRows RETURNING rows kept.
#include "api/write_sql.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "api/json_writer.h"
#include "api/shapes.h"
#include "api/write_body.h"
#include "db/cursor.h"
#include "db/sql_guard.h"

namespace liteserve::api {
namespace {

std::string joined(const std::set<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

// The statement's ":name" parameters (Datasette only fills those from "params").
std::vector<std::string> colon_parameters(sqlite3_stmt* stmt) {
    std::vector<std::string> names;
    for (int i = 1; i <= sqlite3_bind_parameter_count(stmt); ++i) {
        const char* name = sqlite3_bind_parameter_name(stmt, i);
        if (name && name[0] == ':') names.emplace_back(name + 1);
    }
    return names;
}

// Datasette's parameter checks, then the values to bind: missing parameters are ''.
db::Params bound_parameters(sqlite3_stmt* stmt, const WriteSqlRequest& request) {
    auto names = colon_parameters(stmt);
    for (const auto& name : names)
        if (name.rfind('_', 0) == 0) throw WriteFailure(400, "Magic parameters are not allowed");
    std::set<std::string> unknown;
    for (const auto& [name, value] : request.params)
        if (std::find(names.begin(), names.end(), name) == names.end()) unknown.insert(name);
    if (!unknown.empty()) throw WriteFailure(400, "Unknown parameters: " + joined(unknown));
    db::Params params;
    for (const auto& name : names) {
        auto it = request.params.find(name);
        if (it == request.params.end()) { params.emplace_back(name, std::string()); continue; }
        if (it->second.unsupported)
            throw WriteFailure(400, "Could not analyze query: Error binding parameter :" + name + ": type '" +
                                        it->second.unsupported + "' is not supported");
        params.emplace_back(name, it->second.value);
    }
    return params;
}

// Every operation's decision in statement order, as Datasette's ensure_query_write_permissions.
void check_operations(const std::vector<db::SqlOperation>& operations, const std::string& database,
                      const PermissionCheck& allowed) {
    if (std::none_of(operations.begin(), operations.end(), db::is_write))
        throw WriteFailure(400, "Use /-/query for read-only SQL; this endpoint only executes writes");
    for (const auto& op : operations) {
        db::WriteDecision decision = db::decide(op);
        switch (decision.kind) {
            case db::DecisionKind::Ignore: continue;
            case db::DecisionKind::Reject:
            case db::DecisionKind::Unsupported: throw WriteFailure(403, decision.message);
            case db::DecisionKind::Require: break;
        }
        if (op.database != database) throw WriteFailure(403, "Writable queries may not access attached databases");
        for (const auto& need : decision.needs)
            if (!allowed(need))
                throw WriteFailure(403, "Permission denied: need " + need.action + " on " + need.resource());
    }
}

// The connection's time limit for the duration of the statement, whatever happens.
class WriteLimits {
public:
    WriteLimits(db::Connection& conn, const WriteSqlRequest& request) : conn_(conn) {
        conn_.set_limits(request.time_limit, request.cancelled);
    }
    ~WriteLimits() { conn_.clear_limits(); }
    WriteLimits(const WriteLimits&) = delete;
    WriteLimits& operator=(const WriteLimits&) = delete;

private:
    db::Connection& conn_;
};

// Steps the statement to its end, keeping the first kReturnedRows rows. A RETURNING statement
// makes all its changes on the first step, so stopping early loses nothing but rows.
void execute(db::Connection& conn, db::StatementPtr stmt, const db::Params& params, const WriteSqlRequest& request,
             WriteSqlResult& result) {
    WriteLimits limits(conn, request);
    db::Cursor cursor(conn, std::move(stmt), params);
    bool returns_rows = cursor.column_count() > 0;
    JsonWriter w(result.rows_json);
    RowWriter rows(Shape::Objects, false, cursor.column_names(), CellFormat{});
    result.rows_json.clear();
    rows.begin(w);
    std::size_t kept = 0;
    bool finished = false;
    try {
        while (!(finished = !cursor.step())) {
            if (!returns_rows) continue;
            if (kept == kReturnedRows) { result.truncated = true; break; }
            rows.row(w, cursor);
            ++kept;
        }
    } catch (const db::SqlError& e) {
        throw WriteFailure(400, e.what());
    }
    rows.end(w);
    bool counted = counts_changes(request.sql) && finished;
    result.rowcount = counted ? sqlite3_changes64(conn.handle()) : -1;
}

}  // namespace

bool counts_changes(std::string_view sql) {
    std::size_t i = 0;
    for (;;) {
        while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
        if (sql.substr(i, 2) == "--") {
            auto end = sql.find('\n', i);
            i = end == std::string_view::npos ? sql.size() : end + 1;
        } else if (sql.substr(i, 2) == "/*") {
            auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else {
            break;
        }
    }
    std::string word;
    for (; i < sql.size() && word.size() < 7 && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
    return word.rfind("insert", 0) == 0 || word.rfind("update", 0) == 0 || word.rfind("delete", 0) == 0 ||
           word.rfind("replace", 0) == 0;
}

std::vector<std::pair<const db::SqlOperation*, db::WriteDecision>> shown_operations(
    const std::vector<db::SqlOperation>& operations) {
    std::vector<std::pair<const db::SqlOperation*, db::WriteDecision>> shown;
    for (const auto& op : operations) {
        db::WriteDecision decision = db::decide(op);
        if (decision.kind != db::DecisionKind::Ignore) shown.emplace_back(&op, std::move(decision));
    }
    return shown;
}

WriteSqlResult run_write_sql(db::Connection& conn, const WriteSqlRequest& request, const PermissionCheck& allowed) {
    db::AnalyzedStatement analyzed;
    try {
        analyzed = db::analyze_statement(conn, request.sql, request.database);
    } catch (const db::SqlError& e) {
        throw WriteFailure(400, std::string("Could not analyze query: ") + e.what());
    }
    db::Params params = bound_parameters(analyzed.statement.get(), request);
    check_operations(analyzed.operations, request.database, allowed);
    WriteSqlResult result;
    result.operations = std::move(analyzed.operations);
    execute(conn, std::move(analyzed.statement), params, request, result);
    return result;
}

}  // namespace liteserve::api
