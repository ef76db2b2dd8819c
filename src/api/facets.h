// Computing a table's facets, as Datasette's ColumnFacet, DateFacet and ArrayFacet do: one
// counting query per facet under facet_time_limit_ms (a facet that runs out of time is
// reported by name, not as an error), labels for the values of foreign-key columns, and the
// URLs that select or unselect each value.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/facet_plan.h"
#include "db/catalog.h"
#include "db/connection.h"
#include "db/cursor.h"
#include "liteserve/request.h"

namespace liteserve::api {

// The rows facets are computed over, and how to query them. Holds references: it lives
// within one request.
struct FacetSource {
    const Context& ctx;
    const Request& request;
    const std::string& database;
    const db::Schema& schema;
    const db::Table& table;
    std::string sql;           // facet_source_sql of the page's rows
    const db::Params& params;  // its bound values
    bool client_sql;           // it holds _where fragments: prepared under the read-only guard
    db::Connection& conn;

    // Runs `sql` (a facet query around this->sql) with the source's parameters. The statement
    // is not cached: there is one per facet and column, and they would push the page's own
    // statements out of the connection's cache.
    std::unique_ptr<db::Cursor> run(const std::string& facet_sql) const;
};

struct FacetValue {
    db::Value value;
    db::Value label;          // the foreign-key label, else the value itself
    std::int64_t count = 0;
    std::string toggle_url;   // absolute: this request with the value's filter added or removed
    bool selected = false;    // the request already filters on this value
};

struct FacetResult {
    std::string key;          // the name, or name_2, name_3 … for a repeated name
    std::string name;         // the column
    FacetType type = FacetType::Column;
    bool hideable = true;     // false for configured facets
    std::string toggle_url;   // path of this request without this facet's argument
    std::vector<FacetValue> values;
    bool truncated = false;   // more distinct values than the facet size
};

struct FacetResults {
    std::vector<FacetResult> results;    // in plan order
    std::vector<std::string> timed_out;  // columns of the facets that ran out of time
};

// Runs every facet of `plan`. Throws QueryInterrupted only when the client went away, and
// SqlError when SQLite rejects a facet (an array facet over text that is not JSON).
FacetResults compute_facets(const FacetSource& source, const FacetPlan& plan);

// The CPU-time limit of one facet query: facet_time_limit_ms, never above sql_time_limit_ms.
std::chrono::milliseconds facet_time_limit(const config::Settings& settings);

}  // namespace liteserve::api
