// Per-table facts shared by the index and database pages: which tables the actor may see,
// row counts (time-limited), hidden flags from the schema and config, and Datasette's
// listing order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/json_writer.h"
#include "auth/actor.h"
#include "db/catalog.h"
#include "db/connection.h"

namespace liteserve::api {

struct TableSummary {
    const db::Table* table;
    std::optional<std::int64_t> count;  // nullopt when counting took too long
    bool hidden;
    bool is_private = false;  // the actor may see it, anonymous requests may not
};

// Writes the keys both listings share: name, columns, primary_keys, count, hidden, fts_table.
void write_summary_fields(JsonWriter& w, const TableSummary& summary);

// Tables (not views) of a database that `actor` may see (view-table), unhidden ones first
// then hidden ones, each by name.
std::vector<TableSummary> summarize_tables(const Context& ctx, const std::optional<auth::Actor>& actor,
                                           const std::string& database, const db::Schema& schema,
                                           db::Connection& conn);

}  // namespace liteserve::api
