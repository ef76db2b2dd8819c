// Rows read back inside a write job (so the response shows exactly what was committed), held
// as values until the response is written after the commit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "db/connection.h"
#include "db/value.h"

namespace liteserve::api {

struct WrittenRow {
    std::vector<std::string> columns;  // each row its own: "alter" may add columns between reads
    std::vector<db::Value> values;
};
using WrittenRows = std::vector<WrittenRow>;

// Appends every row `sql` selects.
void fetch_rows(db::Connection& conn, std::string_view sql, const db::Params& params, WrittenRows& into);
// One row as {"column": value, …}, values as Datasette's json.dumps writes them.
void write_row_object(JsonWriter& w, const WrittenRow& row);
// Every row, as a list of objects.
void write_row_objects(JsonWriter& w, const WrittenRows& rows);

}  // namespace liteserve::api
