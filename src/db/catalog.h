// Schema introspection: tables, views, columns, keys, foreign keys and FTS links of one
// database file, read once per schema version and then shared read-only between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liteserve::db {

class Connection;

struct Column {
    std::string name;
    std::string type;             // declared type, may be empty
    bool notnull = false;
    std::optional<std::string> default_value;
    int pk = 0;                   // 1-based position in the primary key, 0 when not part of it
    int hidden = 0;               // table_xinfo's hidden flag (virtual table / generated columns)
};

struct ForeignKey {
    std::string other_table;
    std::string column;                      // column in this table
    std::optional<std::string> other_column; // NULL when the reference names no column
    int id = 0;  // foreign_key_list's id: the order Datasette lists a table's own keys in
};

struct Table {
    std::string name;
    bool is_view = false;
    bool is_virtual = false;
    bool without_rowid = false;
    std::int64_t master_order = 0;        // rowid in sqlite_master: creation order
    std::string sql;                      // the CREATE statement as stored in sqlite_master
    std::vector<std::string> index_sql;   // CREATE INDEX statements on this table
    std::vector<std::string> unique_columns; // columns with a one-column UNIQUE index (constraints included)
    std::vector<Column> columns;
    std::vector<std::string> primary_keys; // in key order; empty for rowid tables and views
    std::optional<std::string> fts_table;  // the FTS index detected for this table
    bool fts_hidden = false;               // an FTS virtual table or one of its shadow tables
    std::vector<ForeignKey> outgoing;
    std::vector<ForeignKey> incoming;      // other_table = the referencing table

    bool has_column(std::string_view column) const;
    // Rowid tables are addressed by rowid: true for tables with no declared primary key.
    bool uses_rowid() const { return !is_view && primary_keys.empty() && !without_rowid; }
    std::vector<std::string> column_names() const;
    // Datasette's table_definition / view_definition: the CREATE statement and its indexes,
    // each ending in ';', one per line.
    std::string definition() const;
};

struct Schema {
    std::int64_t version = -1;
    std::vector<Table> tables;  // tables then views, each sorted by name
    const Table* find(std::string_view name) const;
};

// Datasette's automatic label column (label_column_for_table without configuration): the
// one text column with a unique index, else the first column named name or title, else
// the other column of a two-column table keyed by id or pk. nullopt when none fits.
std::optional<std::string> detect_label_column(const Table& table);

// Reads the whole schema through `conn` (any connection to the file).
std::shared_ptr<const Schema> load_schema(Connection& conn);
// PRAGMA schema_version through a cached statement: cheap enough to check per request.
std::int64_t schema_version(Connection& conn);

}  // namespace liteserve::db
