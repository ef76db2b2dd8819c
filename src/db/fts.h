// SQLite full-text search as Datasette does it: escape_fts (a C++ function and the SQL
// function of the same name every connection has) and the MATCH clause of a table search.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace liteserve::db {

// Datasette's escape_fts: an odd number of '"' gets one appended, then the query is split
// on whitespace and "quoted phrases"; every piece that is not already a phrase is wrapped
// in double quotes (as is, quotes inside it are not doubled) and "" pieces are dropped.
// So `dog cat*` → `"dog" "cat*"`: user input cannot use FTS operators or columns.
std::string escape_fts(std::string_view query);

// Registers escape_fts(text) on `db` (deterministic; NULL in, NULL out). Throws SqlError.
void register_fts_functions(sqlite3* db);

// One search condition on a table, with names the caller found in the catalog:
//   {key} in (select rowid from {fts} where {fts|column} match escape_fts(:{param}))
struct FtsMatch {
    std::string fts_table;              // the FTS virtual table
    std::string key_column;             // column of the searched table that holds FTS rowids
    std::optional<std::string> column;  // search one FTS column instead of the whole index
    std::string param;                  // parameter name without ':' ("search", "search_0")
    bool raw = false;                   // MATCH the query as-is, FTS syntax and all
};

std::string fts_match_clause(const FtsMatch& match);

}  // namespace liteserve::db
