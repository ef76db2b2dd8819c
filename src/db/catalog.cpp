// Builds a Schema from sqlite_master and the table_xinfo / foreign_key_list pragmas, with
// Datasette's rules for which tables are FTS indexes and which are hidden.
#include "db/catalog.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "db/connection.h"
#include "db/quote.h"

namespace liteserve::db {
namespace {

std::string text_at(sqlite3_stmt* stmt, int i) {
    auto* p = sqlite3_column_text(stmt, i);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt, i)) : "";
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_fts_virtual(const Table& t) {
    auto sql = lower(t.sql);
    auto v = sql.find("virtual table");
    return v != std::string::npos && sql.find("using fts", v) != std::string::npos;
}

// FTS content= argument, e.g. content="events" or content=[events].
std::optional<std::string> fts_content_table(const Table& fts) {
    auto sql = lower(fts.sql);
    auto at = sql.find("content=");
    if (at == std::string::npos) at = sql.find("content =");
    if (at == std::string::npos) return std::nullopt;
    std::string_view rest = std::string_view(fts.sql).substr(sql.find('=', at) + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty()) return std::nullopt;
    char open = rest.front();
    char close = open == '[' ? ']' : open;
    if (open == '"' || open == '\'' || open == '[' || open == '`') {
        auto end = rest.find(close, 1);
        if (end == std::string_view::npos) return std::nullopt;
        return std::string(rest.substr(1, end - 1));
    }
    auto end = rest.find_first_of(",) ");
    return std::string(rest.substr(0, end));
}

// A view over a dropped table, or a virtual table whose module this SQLite lacks, has no
// columns SQLite can report: it gets none (a query on it then fails with SQLite's message)
// rather than making the whole database unreadable.
void load_columns(Connection& conn, Table& table) {
    StatementPtr stmt;
    try {
        stmt = conn.prepare("PRAGMA table_xinfo(" + quote_identifier(table.name, QuoteStyle::Double) + ")");
    } catch (const SqlError&) {
        return;
    }
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
        Column c;
        c.name = text_at(stmt.get(), 1);
        c.type = text_at(stmt.get(), 2);
        c.notnull = sqlite3_column_int(stmt.get(), 3) != 0;
        if (sqlite3_column_type(stmt.get(), 4) != SQLITE_NULL) c.default_value = text_at(stmt.get(), 4);
        c.pk = sqlite3_column_int(stmt.get(), 5);
        c.hidden = sqlite3_column_int(stmt.get(), 6);
        table.columns.push_back(std::move(c));
    }
    std::vector<const Column*> keyed;
    for (const auto& c : table.columns)
        if (c.pk > 0) keyed.push_back(&c);
    std::sort(keyed.begin(), keyed.end(), [](auto* a, auto* b) { return a->pk < b->pk; });
    if (!table.is_view)
        for (auto* c : keyed) table.primary_keys.push_back(c->name);
}

// Compound foreign keys (several columns under one id) are left out, and the rest listed by
// referenced table then column, as Datasette does.
void load_foreign_keys(Connection& conn, Table& table) {
    auto stmt = conn.prepare("select id, \"table\", \"from\", \"to\", count(*) over (partition by id) "
                             "from pragma_foreign_key_list(?) order by \"table\", \"from\"");
    sqlite3_bind_text(stmt.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
        if (sqlite3_column_int(stmt.get(), 4) != 1) continue;
        ForeignKey fk;
        fk.other_table = text_at(stmt.get(), 1);
        fk.column = text_at(stmt.get(), 2);
        if (sqlite3_column_type(stmt.get(), 3) != SQLITE_NULL) fk.other_column = text_at(stmt.get(), 3);
        fk.id = sqlite3_column_int(stmt.get(), 0);
        table.outgoing.push_back(std::move(fk));
    }
}

void load_indexes(Connection& conn, Table& table) {
    auto stmt = conn.prepare("select sql from sqlite_master where tbl_name = ? and type = 'index' and sql is not null");
    sqlite3_bind_text(stmt.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) table.index_sql.push_back(text_at(stmt.get(), 0));
}

// Single-column unique indexes, including the automatic ones behind PRIMARY KEY and UNIQUE
// constraints (an INTEGER PRIMARY KEY is the rowid and has none), as sqlite-utils lists them
// for Datasette's label detection. Expression indexes name no column and are skipped.
void load_unique_columns(Connection& conn, Table& table) {
    auto stmt = conn.prepare(
        "select ii.name from pragma_index_list(?) il, pragma_index_info(il.name) ii "
        "where il.\"unique\" and ii.name is not null "
        "and (select count(*) from pragma_index_info(il.name)) = 1");
    sqlite3_bind_text(stmt.get(), 1, table.name.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) table.unique_columns.push_back(text_at(stmt.get(), 0));
}

// sqlite-utils' column_affinity(type) is str: no declared type, or CHAR, CLOB or TEXT in it
// (but not INT, which wins).
bool has_text_affinity(const std::string& declared) {
    auto type = lower(declared);
    if (type.find_first_not_of(' ') == std::string::npos) return true;
    if (type.find("int") != std::string::npos) return false;
    return type.find("char") != std::string::npos || type.find("clob") != std::string::npos ||
           type.find("text") != std::string::npos;
}

// Incoming references are the outgoing ones seen from the other side, listed by referencing
// table then column, as Datasette does.
void link_incoming(std::vector<Table>& tables) {
    for (auto& from : tables) {
        std::vector<ForeignKey> kept;
        for (auto& fk : from.outgoing) {
            auto target = std::find_if(tables.begin(), tables.end(),
                                       [&](const Table& t) { return t.name == fk.other_table; });
            if (target == tables.end()) continue;  // a reference to a table that does not exist
            target->incoming.push_back({from.name, fk.other_column.value_or(""), fk.column});
            kept.push_back(fk);
        }
        from.outgoing = std::move(kept);
    }
    for (auto& t : tables)
        std::sort(t.incoming.begin(), t.incoming.end(), [](const ForeignKey& a, const ForeignKey& b) {
            return std::tie(a.other_table, a.other_column) < std::tie(b.other_table, b.other_column);
        });
}

void mark_fts(std::vector<Table>& tables) {
    for (const auto& fts : tables) {
        if (!is_fts_virtual(fts)) continue;
        auto content = fts_content_table(fts);
        for (auto& t : tables) {
            if (&t == &fts) continue;
            if (t.name.size() > fts.name.size() && t.name.compare(0, fts.name.size() + 1, fts.name + "_") == 0)
                t.fts_hidden = true;
            if (content && lower(*content) == lower(t.name) && !t.fts_table) t.fts_table = fts.name;
        }
    }
    for (auto& t : tables) {
        if (is_fts_virtual(t)) {
            t.fts_hidden = true;
            t.fts_table = t.name;  // an FTS table searches itself
        }
        if (t.name.rfind("sqlite_stat", 0) == 0) t.fts_hidden = true;
    }
}

}  // namespace

bool Table::has_column(std::string_view column) const {
    return std::any_of(columns.begin(), columns.end(), [&](const Column& c) { return c.name == column; });
}

std::vector<std::string> Table::column_names() const {
    std::vector<std::string> names;
    names.reserve(columns.size());
    for (const auto& c : columns) names.push_back(c.name);
    return names;
}

std::string Table::definition() const {
    std::string out = sql + ";";
    for (const auto& index : index_sql) out += "\n" + index + ";";
    return out;
}

const Table* Schema::find(std::string_view name) const {
    for (const auto& t : tables)
        if (t.name == name) return &t;
    return nullptr;
}

std::optional<std::string> detect_label_column(const Table& table) {
    std::vector<const Column*> visible;  // table_info's columns: virtual and generated ones left out
    for (const auto& c : table.columns)
        if (c.hidden == 0) visible.push_back(&c);
    std::vector<std::string> unique_text;
    for (const auto* c : visible)
        if (has_text_affinity(c->type) &&
            std::find(table.unique_columns.begin(), table.unique_columns.end(), c->name) != table.unique_columns.end())
            unique_text.push_back(c->name);
    if (unique_text.size() == 1) return unique_text.front();
    for (const auto* c : visible)
        if (auto l = lower(c->name); l == "name" || l == "title") return c->name;
    if (visible.size() == 2) {
        const std::string& a = visible[0]->name;
        const std::string& b = visible[1]->name;
        auto is_key = [](const std::string& n) { return n == "id" || n == "pk"; };
        if (is_key(a) != is_key(b)) return is_key(a) ? b : a;
    }
    return std::nullopt;
}

std::int64_t schema_version(Connection& conn) {
    sqlite3_stmt* stmt = conn.cached("PRAGMA schema_version");
    std::int64_t version = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) version = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    return version;
}

std::shared_ptr<const Schema> load_schema(Connection& conn) {
    auto schema = std::make_shared<Schema>();
    schema->version = schema_version(conn);
    auto stmt = conn.prepare(
        "select name, type, coalesce(sql, ''), rowid from sqlite_master "
        "where type in ('table', 'view') order by type = 'view', name");
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
        Table t;
        t.name = text_at(stmt.get(), 0);
        t.is_view = text_at(stmt.get(), 1) == "view";
        t.sql = text_at(stmt.get(), 2);
        t.master_order = sqlite3_column_int64(stmt.get(), 3);
        auto sql = lower(t.sql);
        t.is_virtual = sql.rfind("create virtual table", 0) == 0;
        t.without_rowid = sql.find("without rowid") != std::string::npos;
        schema->tables.push_back(std::move(t));
    }
    for (auto& t : schema->tables) {
        load_columns(conn, t);
        if (!t.is_view) {
            load_foreign_keys(conn, t);
            load_indexes(conn, t);
            load_unique_columns(conn, t);
        }
    }
    link_incoming(schema->tables);
    mark_fts(schema->tables);
    return schema;
}

}  // namespace liteserve::db
