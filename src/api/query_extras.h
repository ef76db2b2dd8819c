// The ?_extra= blocks of a query page (-/query and stored queries): Datasette 1.0a33's query
// scope of extras — columns, render_cell, debug, request, query, metadata, extras, database,
// database_color and private. Other names are ignored, as Datasette ignores them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/json_writer.h"
#include "api/query_page.h"
#include "liteserve/request.h"

namespace liteserve::api {

struct QueryExtrasInput {
    const Context& ctx;
    const Request& request;
    const QuerySpec& spec;
    const std::vector<std::string>& columns;  // the result's columns ([] when nothing ran)
    std::size_t row_count;                    // rows in the answer
};

// Writes each requested extra once (?_extra=, repeatable or comma-separated) as a key/value
// pair into the open envelope: "columns" first, where Datasette's page dict has it, then the
// others in the order asked.
void write_query_extras(JsonWriter& w, const QueryExtrasInput& in);

}  // namespace liteserve::api
