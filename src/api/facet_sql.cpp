// Facet SQL with Datasette's semantics. The texts are compacted to one line each; what they
// select, group, order and limit is the same as in datasette/facets.py.
#include "api/facet_sql.h"

#include "db/quote.h"

namespace liteserve::api {

const char* facet_type_name(FacetType type) {
    switch (type) {
        case FacetType::Column: return "column";
        case FacetType::Date: return "date";
        case FacetType::Array: return "array";
    }
    return "column";
}

std::string facet_source_sql(const db::Table& table, const std::string& where_sql) {
    std::string columns = table.uses_rowid() ? "rowid" : "";
    for (const auto& column : table.column_names())
        columns += (columns.empty() ? "" : ", ") + db::quote_identifier(column);
    return "select " + columns + " from " + db::quote_identifier(table.name) + " " + where_sql;
}

std::string facet_sql(FacetType type, const std::string& column, const std::string& source, std::int64_t limit) {
    std::string col = db::quote_identifier(column);
    std::string n = std::to_string(limit);
    switch (type) {
        case FacetType::Column:
            return "select " + col + " as value, count(*) as count from (" + source + ") where " + col +
                   " is not null group by " + col + " order by count desc, value limit " + n;
        case FacetType::Date:
            return "select date(" + col + ") as value, count(*) as count from (" + source + ") where date(" + col +
                   ") is not null group by date(" + col + ") order by count desc, value limit " + n;
        case FacetType::Array:
            // Each row counts once per distinct item: the items are deduplicated together with
            // the whole row (https://github.com/simonw/datasette/issues/448).
            return "with inner as (" + source + "), deduped_array_items as (select distinct j.value, inner.* "
                   "from json_each([inner]." + col + ") j join inner) select value as value, count(*) as count "
                   "from deduped_array_items group by value order by count(*) desc, value limit " + n;
    }
    return {};
}

std::string suggest_row_count_sql(const std::string& source) {
    return "select count(*) from (select * from (" + source + ") limit " + std::to_string(kSuggestConsider) + ")";
}

std::string column_suggest_sql(const std::string& column, const std::string& source, std::int64_t limit) {
    return "with limited as (select * from (" + source + ") limit " + std::to_string(kSuggestConsider) +
           ") select " + db::quote_identifier(column) +
           " as value, count(*) as n from limited where value is not null group by value limit " +
           std::to_string(limit);
}

std::string array_types_sql(const std::string& column, const std::string& source) {
    std::string col = db::quote_identifier(column);
    return "with limited as (select * from (" + source + ") limit " + std::to_string(kSuggestConsider) +
           ") select distinct json_type(" + col + ") from limited where " + col + " is not null and " + col + " != ''";
}

std::string array_sample_sql(const std::string& column, const std::string& source) {
    std::string col = db::quote_identifier(column);
    return "select " + col + " from (" + source + ") where " + col + " is not null and " + col +
           " != '' and json_array_length(" + col + ") > 0 limit 100";
}

std::string date_suggest_sql(const std::string& column, const std::string& source) {
    std::string col = db::quote_identifier(column);
    // Datasette writes the pattern in double quotes, which SQLite reads as a string only
    // when no column has that name; single quotes always mean the string.
    return "select date(" + col + ") from (select * from (" + source + ") limit 100) where " + col +
           " glob '\?\?\?\?-\?\?-*'";
}

}  // namespace liteserve::api
