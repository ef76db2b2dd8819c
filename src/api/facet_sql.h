// The SQL text of Datasette's facets (datasette/facets.py): the counting query of each facet
// type and the probes that suggest facets. Pure functions: callers pass column names found in
// the catalog, which enter the text only through db::quote_identifier.
#pragma once

#include <cstdint>
#include <string>

#include "db/catalog.h"

namespace liteserve::api {

enum class FacetType { Column, Date, Array };

// "column", "date" or "array", as in the "type" of a facet result and in the config.
const char* facet_type_name(FacetType type);

// How many rows of the source the suggestion probes look at (Datasette's suggest_consider).
inline constexpr int kSuggestConsider = 1000;

// The rows facets count, as Datasette's sql_no_order_no_limit: every column of `table` (rowid
// first for rowid tables) from the rows the page's `where_sql` ("where … " or "") selects.
std::string facet_source_sql(const db::Table& table, const std::string& where_sql);

// The counts of one facet over `source`, most frequent first, then by value, at most `limit`
// rows (the facet size + 1, to learn whether the list was truncated). Columns: value, count.
std::string facet_sql(FacetType type, const std::string& column, const std::string& source, std::int64_t limit);

// Suggestion probes. Rows in the first kSuggestConsider of the source:
std::string suggest_row_count_sql(const std::string& source);
// the distinct non-NULL values of `column` with their counts (columns: value, n), at most `limit`;
std::string column_suggest_sql(const std::string& column, const std::string& source, std::int64_t limit);
// the distinct json_type() of its non-empty values;
std::string array_types_sql(const std::string& column, const std::string& source);
// up to 100 of its non-empty arrays (any rows of the source);
std::string array_sample_sql(const std::string& column, const std::string& source);
// date() of its values that look like dates, in the first 100 rows.
std::string date_suggest_sql(const std::string& column, const std::string& source);

}  // namespace liteserve::api
