// Turns the query arguments of a table request into a checked plan: every column name is
// looked up in the schema before it can reach SQL; bad arguments raise HttpError 400.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/query_args.h"
#include "api/shapes.h"
#include "db/catalog.h"
#include "db/select_builder.h"

namespace liteserve::api {

struct TablePlan {
    const db::Table* table = nullptr;
    db::SelectSpec spec;                    // what build_select turns into SQL
    std::vector<std::string> columns;       // output columns (rowid first for rowid tables)
    std::vector<std::string> key_columns;   // columns that identify a row (pks or rowid)
    std::optional<std::string> next_token;  // the raw _next argument
    std::int64_t page_size = 100;
    Shape shape = Shape::Objects;
    std::optional<std::string> invalid_shape;  // a _shape no shape has: refused after the data
    bool newline_delimited = false;
    CellFormat format;
    std::vector<std::string> extras;        // requested _extra names, in request order
    bool nocount = false;
    std::vector<std::string> search_descriptions;  // lead human_description_en (_through, then search)
};

// `schema` is the one `table` belongs to: a search may use another table as its FTS index.
TablePlan plan_table(const Context& ctx, const std::string& database, const db::Schema& schema,
                     const db::Table& table, const QueryArgs& args);

// Datasette's _size rules: N (0 ≤ N ≤ max_returned_rows), "max", or the default.
std::int64_t parse_page_size(const std::optional<std::string>& value, std::int64_t default_size,
                             std::int64_t max_returned_rows);


}  // namespace liteserve::api
