// The ?_extra= blocks of the row page (/db/table/pk.json), as a table of name → description →
// writer: Datasette 1.0's row scope of extras.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/json_writer.h"
#include "db/catalog.h"
#include "db/value.h"
#include "liteserve/request.h"

namespace liteserve::api {

struct RowExtrasInput {
    const Context& ctx;
    const Request& request;
    const std::string& database;
    const db::Table& table;
    const std::string& sql;                  // the row query
    const db::Params& params;                // its parameters: the key values from the URL
    const std::vector<std::string>& keys;    // the primary keys, or {"rowid"}
    const std::vector<std::string>& columns; // the row's columns
    // Writes the foreign_key_tables block (it runs its own query, so only when asked for).
    std::function<void(JsonWriter&)> foreign_key_tables;
};

// Writes each extra the request asks for (?_extra=, repeatable or comma-separated; unknown
// names are ignored) as a key/value pair into the open row envelope. database, table and
// primary_keys are already part of that envelope and are not written twice.
void write_row_extras(JsonWriter& w, const RowExtrasInput& in);

}  // namespace liteserve::api
