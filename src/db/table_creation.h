// CREATE TABLE text as sqlite-utils writes it for Datasette's /db/-/create (SQLite stores the
// text verbatim, and Datasette's clients read it back as "schema"): every name bracketed, one
// column per line indented by three spaces, a single primary key inline, a compound one as a
// PRIMARY KEY clause. Names enter only through quote_identifier.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"

namespace liteserve::db {

struct ColumnSpec {
    std::string name;
    std::string type;  // SQL type as written: TEXT, INTEGER, FLOAT or BLOB
    bool operator==(const ColumnSpec&) const = default;
};

// The SQL type for one of /-/create's column types ("text", "integer", "float", "blob"), or
// nullopt for any other.
std::optional<std::string> sql_type(std::string_view api_type);

// sqlite-utils' create_table_sql: `pks` empty for a rowid table; one key is declared inline
// (and added first, as INTEGER, when it is not among the columns); several get a PRIMARY KEY
// clause. Columns named twice keep their first position and their last type, as a Python dict
// built from the list does.
std::string create_table_sql(std::string_view table, const std::vector<ColumnSpec>& columns,
                             const std::vector<std::string>& pks);

// The CREATE TABLE statement SQLite holds for `table` (sqlite_master.sql), if it is a table.
std::optional<std::string> stored_schema(Connection& conn, std::string_view table);

}  // namespace liteserve::db
