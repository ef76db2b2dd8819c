// The body of POST /db/table/-/insert and /-/upsert, checked as Datasette's _validate_data
// checks it: its shape first, then each row against the table. Pure: no database, no actor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/row_values.h"
#include "db/catalog.h"

namespace liteserve::api {

enum class InsertMode { Insert, Upsert };

struct InsertRequest {
    std::vector<RowValues> rows;
    bool return_rows = false;  // "return", and always for a single "row"
    bool ignore = false;
    bool replace = false;
    bool alter = false;
};

// The body's shape, in Datasette's order and words: "row" or "rows" (not both), a dictionary
// or a list of dictionaries, at most `max_rows` rows ("Too many rows, maximum allowed is N"),
// no keys but row(s), return, ignore, replace and alter ("Invalid parameter: \"x\""), not
// both ignore and replace. The flags take Python's truth value. Throws WriteFailure 400.
InsertRequest parse_insert_request(const rapidjson::Value& body, std::int64_t max_rows);

// Every row's problems with `table`, all rows reported: for upserts a missing or null key,
// and, unless "alter" adds them, columns the table lacks. Empty when the rows are fine.
std::vector<std::string> row_errors(const InsertRequest& request, const db::Table& table, InsertMode mode);

}  // namespace liteserve::api
