// The body of POST /db/-/create, checked as Datasette 1.0a33's TableCreateView checks it: the
// same order, the same messages, and the permission checks at the points Datasette makes them
// (update-row for "replace", insert-row for rows, alter-table for "alter" on an existing table,
// all asked about the database). No SQL runs here: the table's existence and keys come in
// through CreateChecks.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "api/row_values.h"
#include "db/catalog.h"
#include "db/table_creation.h"

namespace liteserve::api {

struct CreateChecks {
    // Whether the actor may do `action` on the database.
    std::function<bool(std::string_view action)> allowed;
    // The table named `name` as it exists now (views are not tables), or nullopt.
    std::function<std::optional<db::Table>(const std::string& name)> existing;
};

struct CreateRequest {
    std::string table;
    std::vector<db::ColumnSpec> columns;  // "columns": the table to create
    std::vector<RowValues> rows;          // "row" or "rows": create from them, or insert them
    std::vector<std::string> pks;         // "pk"/"pks", or the existing table's keys
    std::optional<db::Table> existing;    // the table when it already exists
    bool ignore = false;
    bool replace = false;
    bool alter = false;  // add missing columns (always when the rows create the table)
};

// Throws WriteFailure: 400 with Datasette's message for a malformed body ("Invalid keys: …",
// "Table is required", "Unsupported column type: x", "pk cannot be changed for existing table"
// …), 403 "Permission denied: need insert-row" (or update-row, alter-table).
CreateRequest parse_create_request(const rapidjson::Value& body, const CreateChecks& checks);

// Datasette's table name rule: not starting with "sqlite_", no line break (one trailing
// newline aside, as Python's `$` allows), not empty.
bool valid_table_name(std::string_view name);

}  // namespace liteserve::api
