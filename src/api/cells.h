// Writing one result cell as JSON the way Datasette does: BLOBs as {"$base64": …},
// ±Infinity as null unless asked for, and `_json=` columns parsed and embedded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "api/query_args.h"
#include "db/cursor.h"

namespace liteserve::api {

struct CellFormat {
    std::vector<bool> embed_json;  // per result column: parse the text as JSON (_json=)
    bool json_infinity = false;    // write Infinity/-Infinity instead of null
};

// The cell format a request asks for: ?_json= columns (repeatable, each one name) and
// ?_json_infinity=on, for the given output columns.
CellFormat cell_format(const QueryArgs& args, const std::vector<std::string>& columns);

void write_cell(JsonWriter& w, const db::Cursor& cursor, int column, const CellFormat& format);
// The same for a value already read from result column `column` (rows buffered in memory).
void write_cell(JsonWriter& w, const db::Value& value, int column, const CellFormat& format);
// Writes a SQLite value (used for key values and parameters) as JSON.
void write_value(JsonWriter& w, const db::Value& value);
// Bound parameters as a JSON object, name → value (the "params" of _extra=query).
void write_params(JsonWriter& w, const db::Params& params);
// Embeds JSON text as a value; text that is not valid JSON is written as a string.
void write_json_text(JsonWriter& w, std::string_view text);
std::string base64_encode(std::string_view bytes);

// Python's str() of a value: what Datasette puts in keys and next tokens.
std::string value_to_text(const db::Value& value);

}  // namespace liteserve::api
