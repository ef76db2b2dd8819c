// The recording authorizer behind analyze_statement and Datasette's rules for which records
// are SQLite's own bookkeeping (the sqlite_master rows a CREATE writes, the implicit DELETE of
// a DROP TABLE, the functions ALTER TABLE uses to rewrite the schema).
#include "db/write_analysis.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <utility>

#include "db/cursor.h"
#include "db/sql_guard.h"

namespace liteserve::db {
namespace {

using Text = std::optional<std::string>;

bool is_schema_table(const Text& name) {
    static const std::array<std::string_view, 4> tables = {"sqlite_master", "sqlite_schema", "sqlite_temp_master",
                                                           "sqlite_temp_schema"};
    return name && std::find(tables.begin(), tables.end(), *name) != tables.end();
}

bool is_schema_function(const Text& name) {
    static const std::array<std::string_view, 9> functions = {
        "length", "like", "printf", "sqlite_drop_column", "sqlite_rename_column", "sqlite_rename_quotefix",
        "sqlite_rename_table", "sqlite_rename_test", "substr"};
    return name && std::find(functions.begin(), functions.end(), *name) != functions.end();
}

// Names for actions without a record of their own, as Python's sqlite3 module spells them.
std::string action_name(int action) {
    static const std::array<const char*, 34> names = {
        "SQLITE_COPY", "SQLITE_CREATE_INDEX", "SQLITE_CREATE_TABLE", "SQLITE_CREATE_TEMP_INDEX",
        "SQLITE_CREATE_TEMP_TABLE", "SQLITE_CREATE_TEMP_TRIGGER", "SQLITE_CREATE_TEMP_VIEW",
        "SQLITE_CREATE_TRIGGER", "SQLITE_CREATE_VIEW", "SQLITE_DELETE", "SQLITE_DROP_INDEX", "SQLITE_DROP_TABLE",
        "SQLITE_DROP_TEMP_INDEX", "SQLITE_DROP_TEMP_TABLE", "SQLITE_DROP_TEMP_TRIGGER", "SQLITE_DROP_TEMP_VIEW",
        "SQLITE_DROP_TRIGGER", "SQLITE_DROP_VIEW", "SQLITE_INSERT", "SQLITE_PRAGMA", "SQLITE_READ", "SQLITE_SELECT",
        "SQLITE_TRANSACTION", "SQLITE_UPDATE", "SQLITE_ATTACH", "SQLITE_DETACH", "SQLITE_ALTER_TABLE",
        "SQLITE_REINDEX", "SQLITE_ANALYZE", "SQLITE_CREATE_VTABLE", "SQLITE_DROP_VTABLE", "SQLITE_FUNCTION",
        "SQLITE_SAVEPOINT", "SQLITE_RECURSIVE"};
    if (action >= 0 && static_cast<std::size_t>(action) < names.size()) return names[static_cast<std::size_t>(action)];
    return "SQLITE_" + std::to_string(action);
}

// CREATE/DROP actions: (operation, target type), or nullopt.
std::optional<std::pair<const char*, const char*>> schema_action(int action) {
    switch (action) {
        case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TEMP_INDEX: return std::pair("create", "index");
        case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_TABLE: return std::pair("create", "table");
        case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER: return std::pair("create", "trigger");
        case SQLITE_CREATE_VIEW: case SQLITE_CREATE_TEMP_VIEW: return std::pair("create", "view");
        case SQLITE_CREATE_VTABLE: return std::pair("create", "virtual-table");
        case SQLITE_DROP_INDEX: case SQLITE_DROP_TEMP_INDEX: return std::pair("drop", "index");
        case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_TABLE: return std::pair("drop", "table");
        case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER: return std::pair("drop", "trigger");
        case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW: return std::pair("drop", "view");
        case SQLITE_DROP_VTABLE: return std::pair("drop", "virtual-table");
        default: return std::nullopt;
    }
}

const char* row_action(int action) {
    switch (action) {
        case SQLITE_READ: return "read";
        case SQLITE_INSERT: return "insert";
        case SQLITE_UPDATE: return "update";
        case SQLITE_DELETE: return "delete";
        default: return nullptr;
    }
}

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

SqlOperation make_op(std::string operation, std::string target_type, Text database, Text table, Text schema,
                     Text target, Text source) {
    SqlOperation op;
    op.operation = std::move(operation);
    op.target_type = std::move(target_type);
    op.database = std::move(database);
    op.table = std::move(table);
    op.sqlite_schema = std::move(schema);
    op.target = std::move(target);
    op.source = std::move(source);
    return op;
}

// The record for one callback (Datasette's authorizer in analyze_sql_tables).
SqlOperation record_for(const AuthorizerCall& c, std::string_view database_name) {
    auto database_of = [&](const Text& schema) -> Text {
        if (schema && *schema == "main") return std::string(database_name);
        return schema;
    };
    SqlOperation op;
    op.source = c.source;
    if (const char* row = row_action(c.action); row && c.arg1) {
        op.operation = row;
        op.target_type = is_schema_table(c.arg1) ? "schema" : "table";
        op.database = database_of(c.schema);
        if (op.target_type == "table") op.table = c.arg1;
        op.sqlite_schema = c.schema;
        op.target = c.arg1;
    } else if (auto schema_op = schema_action(c.action); schema_op && c.arg1) {
        op.operation = schema_op->first;
        op.target_type = schema_op->second;
        bool on_table = op.target_type == "index" || op.target_type == "trigger";
        op.database = database_of(c.schema);
        op.table = on_table ? c.arg2 : c.arg1;
        op.sqlite_schema = c.schema;
        op.target = c.arg1;
    } else if (c.action == SQLITE_ALTER_TABLE && c.arg2) {
        op = make_op("alter", "table", database_of(c.arg1), c.arg2, c.arg1, c.arg2, c.source);
    } else if (c.action == SQLITE_TRANSACTION && c.arg1) {
        op = make_op(lower(*c.arg1), "transaction", {}, {}, {}, c.arg1, c.source);
    } else if ((c.action == SQLITE_ATTACH || c.action == SQLITE_DETACH) && c.arg1) {
        op = make_op(c.action == SQLITE_ATTACH ? "attach" : "detach", "database", {}, {}, {}, c.arg1, c.source);
    } else if (c.action == SQLITE_PRAGMA && c.arg1) {
        op = make_op("pragma", "pragma", {}, {}, c.schema, c.arg1, c.source);
    } else if (c.action == SQLITE_ANALYZE) {
        op = make_op("analyze", c.arg1 ? "table" : "database", database_of(c.schema), c.arg1, c.schema, c.arg1, c.source);
    } else if (c.action == SQLITE_REINDEX && c.arg1) {
        op = make_op("reindex", "index", database_of(c.schema), {}, c.schema, c.arg1, c.source);
    } else if (c.action == SQLITE_SELECT) {
        op = make_op("select", "statement", {}, {}, c.schema, {}, c.source);
    } else if (c.action == SQLITE_FUNCTION && c.arg2) {
        op = make_op("function", "function", {}, {}, c.schema, c.arg2, c.source);
    } else if (c.action == SQLITE_SAVEPOINT && c.arg1) {
        op = make_op("savepoint", "transaction", {}, {}, c.schema, c.arg2 ? *c.arg1 + " " + *c.arg2 : *c.arg1, c.source);
    } else {
        op = make_op("unknown", "unknown", database_of(c.schema), {}, c.schema, action_name(c.action), c.source);
    }
    return op;
}

bool is_schema_change(const SqlOperation& op) {
    static const std::set<std::string_view> targets = {"table", "index", "view", "trigger", "virtual-table"};
    return targets.count(op.target_type) &&
           (op.operation == "create" || op.operation == "alter" || op.operation == "drop");
}

bool is_row_action(const SqlOperation& op) {
    return op.operation == "read" || op.operation == "insert" || op.operation == "update" ||
           op.operation == "delete";
}

// Marks SQLite's own bookkeeping, which Datasette neither shows nor checks.
void mark_internal(std::vector<SqlOperation>& ops) {
    bool schema_change = std::any_of(ops.begin(), ops.end(), is_schema_change);
    auto is_drop_delete = [&](const SqlOperation& op) {
        return op.operation == "delete" && op.target_type == "table" &&
               std::any_of(ops.begin(), ops.end(), [&](const SqlOperation& d) {
                   return d.operation == "drop" && d.target_type == "table" && d.database == op.database &&
                          d.table == op.table;
               });
    };
    bool user_table_access = std::any_of(ops.begin(), ops.end(), [&](const SqlOperation& op) {
        return is_row_action(op) && op.target_type == "table" && !is_drop_delete(op);
    });
    std::vector<bool> internal(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const SqlOperation& op = ops[i];
        internal[i] = (schema_change && (op.target_type == "schema" || op.operation == "reindex")) ||
                      (schema_change && !user_table_access && op.operation == "function" &&
                       is_schema_function(op.target)) ||
                      is_drop_delete(op);
    }
    for (std::size_t i = 0; i < ops.size(); ++i) ops[i].internal = internal[i];
}

Text text_of(const char* s) { return s ? Text(s) : std::nullopt; }

int record_call(void* calls, int action, const char* a, const char* b, const char* schema, const char* source) {
    static_cast<std::vector<AuthorizerCall>*>(calls)->push_back(
        {action, text_of(a), text_of(b), text_of(schema), text_of(source)});
    return SQLITE_OK;
}

// Index of the first character at or after `i` that is not whitespace, ';' or a comment.
std::size_t skip_trivia(std::string_view text, std::size_t i) {
    while (i < text.size()) {
        if (text[i] == ';' || std::isspace(static_cast<unsigned char>(text[i]))) { ++i; continue; }
        if (text.substr(i, 2) == "--") {
            auto end = text.find('\n', i);
            i = end == std::string_view::npos ? text.size() : end + 1;
        } else if (text.substr(i, 2) == "/*") {
            auto end = text.find("*/", i + 2);
            i = end == std::string_view::npos ? text.size() : end + 2;
        } else {
            break;
        }
    }
    return i;
}

// VACUUM asks the authorizer nothing, so it is recognised by its keyword.
bool is_vacuum(std::string_view sql) {
    std::size_t i = skip_trivia(sql, 0);
    return sql.size() - i >= 6 && lower(std::string(sql.substr(i, 6))) == "vacuum" &&
           (sql.size() - i == 6 || !std::isalnum(static_cast<unsigned char>(sql[i + 6])));
}

// "table", "view", "virtual" or "shadow" (PRAGMA table_list's type); empty when unknown.
std::string table_kind(Connection& conn, const SqlOperation& op) {
    Cursor cursor(conn, "select type from pragma_table_list where schema = :s and name = :n",
                  {{"s", op.sqlite_schema.value_or("main")}, {"n", *op.table}});
    return cursor.step() ? std::string(cursor.text(0)) : std::string();
}

}  // namespace

std::vector<SqlOperation> operations_from_calls(const std::vector<AuthorizerCall>& calls,
                                                std::string_view database_name) {
    std::vector<SqlOperation> ops;
    for (const auto& call : calls) {
        SqlOperation op = record_for(call, database_name);
        if (std::find(ops.begin(), ops.end(), op) == ops.end()) ops.push_back(std::move(op));
    }
    mark_internal(ops);
    return ops;
}

AnalyzedStatement analyze_statement(Connection& conn, std::string_view sql, std::string_view database_name) {
    std::vector<AuthorizerCall> calls;
    sqlite3_set_authorizer(conn.handle(), &record_call, &calls);
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(conn.handle(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    sqlite3_set_authorizer(conn.handle(), nullptr, nullptr);
    AnalyzedStatement result{StatementPtr(raw), {}};
    if (rc != SQLITE_OK) conn.throw_error(rc);
    if (!result.statement) throw SqlError("incomplete input", SQLITE_ERROR);
    std::size_t consumed = static_cast<std::size_t>(tail - sql.data());
    if (skip_trivia(sql, consumed) != sql.size()) throw MultipleStatements();

    result.operations = operations_from_calls(calls, database_name);
    if (is_vacuum(sql))
        result.operations.push_back(make_op("vacuum", "database", std::string(database_name), {}, "main", {}, {}));
    for (auto& op : result.operations) {
        bool row_write = op.operation == "insert" || op.operation == "update" || op.operation == "delete";
        if (row_write && op.target_type == "table" && op.table) op.table_kind = table_kind(conn, op);
    }
    return result;
}

}  // namespace liteserve::db
