// Request rows as SQLite values, and the column checks every row write runs: Datasette's
// conversions (as sqlite-utils does them: objects and arrays stored as JSON text, booleans as
// 0/1), its type guesses for columns added by "alter", and its error messages.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "db/catalog.h"
#include "db/value.h"

namespace liteserve::api {

// What a JSON value was, for guessing the type of a new column (Python's type of the value).
enum class JsonKind { Null, Bool, Integer, Float, String, Json };

// One row of a request. A key given twice keeps its first position and its last value, as
// Python's dict does.
struct RowValues {
    std::vector<std::string> columns;
    std::vector<db::Value> values;
    std::vector<JsonKind> kinds;

    // The index of `column` (exact match), if the row has it.
    std::optional<std::size_t> find(std::string_view column) const;
};

JsonKind json_kind(const rapidjson::Value& value);
// The value bound for a JSON value: null, 0/1 for booleans, integers, floats, strings, and
// Python's json.dumps text for objects and arrays. Throws WriteFailure 400 with Python's
// sqlite3 message for an integer beyond 64 bits.
db::Value to_value(const rapidjson::Value& value);
// Python's json.dumps(value): ", " and ": " separators, non-ASCII as \u escapes.
std::string json_text(const rapidjson::Value& value);
// Python's truth value of a JSON value: false, null, 0, 0.0, "", [] and {} are false.
bool truthy(const rapidjson::Value& value);
// A member of a JSON object, or nullptr; the last one when the key repeats (as json.loads).
const rapidjson::Value* json_member(const rapidjson::Value& object, std::string_view name);
// The members of a JSON object as a row (the object must be one).
RowValues row_values(const rapidjson::Value& object);

// sqlite-utils' validate_column_names, which Datasette's create (from columns) and update
// run before any SQL: WriteFailure 400 "'[' and ']' cannot be used in column names".
void require_unbracketed_names(std::span<const std::string> names);

// The columns that identify a row: the primary keys, or {"rowid"} for rowid tables.
std::vector<std::string> key_columns(const db::Table& table);
// Whether a request row may name `column` as given (case-sensitive, as Datasette checks): a
// visible column of the table, or one of its key columns.
bool is_table_column(const db::Table& table, std::string_view column);
// The table's own spelling of `column`, compared as SQLite does (ASCII case-insensitive);
// "rowid" for rowid tables. nullopt when the table has no such column.
std::optional<std::string> catalog_column(const db::Table& table, std::string_view column);

// Datasette's per-row messages: "Row 0 has invalid columns: a, b" (sorted), "Row 0 is missing
// primary key column(s): \"id\"", "Row 0 has null primary key column(s): \"id\"".
std::optional<std::string> invalid_columns_error(std::size_t index, const db::Table& table, const RowValues& row);
std::optional<std::string> missing_keys_error(std::size_t index, const db::Table& table, const RowValues& row);
std::optional<std::string> null_keys_error(std::size_t index, const db::Table& table, const RowValues& row);
// "Row 1 has no columns" for the first row that names none: Datasette refuses such a row with
// a 400 (sqlite-utils cannot build its INSERT), so it is refused before anything is written.
void require_columns(const std::vector<RowValues>& rows);

// A column that "alter" adds, with the type sqlite-utils would choose for the values seen.
struct NewColumn {
    std::string name;
    std::string type;  // INTEGER, FLOAT or TEXT
    bool operator==(const NewColumn&) const = default;
};
// The columns of `rows` the table lacks (compared as SQLite does), in order of appearance, each
// typed from all its values: one kind decides (booleans INTEGER, objects, arrays and nulls TEXT),
// nulls are ignored beside other kinds, integers with booleans stay INTEGER, numbers FLOAT,
// any other mix TEXT.
std::vector<NewColumn> missing_columns(const db::Table& table, std::span<const RowValues> rows);

}  // namespace liteserve::api
