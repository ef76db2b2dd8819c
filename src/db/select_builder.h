// The SQL for one page of a table or view: the same text Datasette generates (it is shown
// to clients by _extra=query and count_sql), with keyset pagination after a `_next` token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/value.h"

namespace liteserve::db {

struct Sort {
    std::string column;
    bool descending = false;
};

// Where the previous page ended, decoded from a `_next` token.
struct PageAfter {
    // The sort column's value in the last row; nullopt when that value was NULL ("$null").
    std::optional<Value> sort_value;
    std::vector<Value> key_values;  // primary key values (or the rowid) of the last row
};

struct SelectSpec {
    std::string table;
    bool is_view = false;
    bool use_rowid = false;
    std::vector<std::string> columns;       // selected columns (rowid is added for rowid tables)
    std::vector<std::string> primary_keys;  // empty for views and rowid tables
    std::vector<std::string> where;         // filter, _where and search fragments
    Params params;                          // bound values for `where`
    std::optional<Sort> sort;
    std::optional<PageAfter> after;         // tables: keyset position after the last page
    std::int64_t offset = 0;                // views: rows to skip
    std::int64_t limit = 101;               // page size + 1, to learn whether a next page exists
    // Streams: every row through one cursor, no LIMIT, and ties of the sort column broken by
    // the keys so that the order is the one paging through every page would give.
    bool every_row = false;
};

struct SelectSql {
    std::string sql;        // the page query
    Params params;          // its parameters (filters plus keyset values)
    std::string count_sql;  // count(*) over the same filters, without pagination
    std::string from_sql;   // "from t where … " of the count query (filters only, no keyset)
    // The page's "where … " (empty without clauses): the filters plus the keyset clause
    // after a _next token. Facets run over it, as over Datasette's sql_no_order_no_limit.
    std::string page_where;
};

SelectSql build_select(const SelectSpec& spec);

// ([a] > :p0) or ([a] = :p0 and [b] > :p1) … — Datasette's compound_keys_after_sql.
std::string compound_keys_after(const std::vector<std::string>& keys, std::size_t first_param);

}  // namespace liteserve::db
