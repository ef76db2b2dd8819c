// The ?_extra= blocks of the table view, as a table of name → description → writer.
#pragma once

#include <optional>
#include <string>

#include "api/context.h"
#include "api/facets.h"
#include "api/json_writer.h"
#include "api/table_plan.h"
#include "db/catalog.h"
#include "db/connection.h"
#include "db/select_builder.h"
#include "liteserve/request.h"

namespace liteserve::api {

struct TableExtrasInput {
    const Context& ctx;
    const Request& request;
    const std::string& database;
    const db::Schema& schema;
    const TablePlan& plan;
    const db::SelectSql& sql;
    db::Connection& conn;
    std::optional<std::string> next_url;
    std::size_t row_count = 0;  // rows on the page (render_cell has one entry per row)
    // Facet results, computed by the first extra that shows them (facet_results,
    // facets_timed_out, sorted_facet_results) and shared with the others.
    mutable std::optional<FacetResults> facets = {};
};

// Writes each requested extra (known names only, first occurrence wins) as a key/value
// pair into the open envelope object.
void write_table_extras(JsonWriter& w, const TableExtrasInput& in);

// Datasette's database colour: the first six hex digits of md5(name).
std::string database_color(const std::string& name);

}  // namespace liteserve::api
