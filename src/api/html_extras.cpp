// HTML-page extras, following Datasette's display_columns_and_rows (views/table.py) and the
// extras in views/table_extras.py.
#include "api/html_extras.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "api/digests.h"
#include "api/permissions.h"
#include "api/table_metadata.h"
#include "api/tilde.h"

namespace liteserve::api {
namespace {

struct DisplayColumn {
    std::string name;
    bool sortable = false;
    bool is_pk = false;
    std::string type;
    bool notnull = false;
    bool full = true;     // also description / column_type / column_type_config
    bool link = false;    // Datasette's special "Link" column
    std::string description = "null";  // JSON text
};

const db::Column* find_column(const db::Table& table, std::string_view name) {
    for (const auto& c : table.columns)
        if (c.name == name) return &c;
    return nullptr;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// The columns the table page may sort by: the configured list or every column, plus rowid
// for rowid tables (Datasette's _sortable_columns_for_table).
std::vector<std::string> sortable_columns(const Context& ctx, const std::string& database, const db::Table& table) {
    const auto& configured = ctx.table_config(database, table.name).sortable_columns;
    std::vector<std::string> out = configured ? *configured : table.column_names();
    if (table.uses_rowid()) out.push_back("rowid");
    return out;
}

DisplayColumn describe(const db::Table& table, const std::string& name, bool sortable, bool is_pk,
                       const std::map<std::string, std::string>& descriptions) {
    DisplayColumn c;
    c.name = name;
    c.sortable = sortable;
    c.is_pk = is_pk;
    // A rowid the table does not declare is shown as an integer that may not be null.
    c.type = "integer";
    if (const db::Column* column = find_column(table, name)) {
        c.type = column->type;
        c.notnull = column->notnull;
    } else if (name != "rowid") {
        c.type.clear();
    }
    if (auto it = descriptions.find(name); it != descriptions.end()) c.description = it->second;
    return c;
}

// The first column of a table page links to the row: the primary key itself when there is
// exactly one, else a synthetic "Link" column.
DisplayColumn link_column(const db::Table& table) {
    if (table.primary_keys.size() != 1) {
        DisplayColumn link;
        link.name = "Link";
        link.full = false;
        link.link = true;
        return link;
    }
    DisplayColumn pk = describe(table, table.primary_keys.front(), true, true, {});
    pk.full = false;
    return pk;
}

void write_column(JsonWriter& w, const DisplayColumn& c) {
    w.begin_object();
    w.key("name").string(c.name);
    w.key("sortable").boolean(c.sortable);
    w.key("is_pk").boolean(c.is_pk);
    w.key("type").string(c.type);
    w.key("notnull").integer(c.notnull ? 1 : 0);
    if (c.link) w.key("is_special_link_column").boolean(true);
    if (c.full) {
        w.key("description").raw(c.description);
        w.key("column_type").null();
        w.key("column_type_config").null();
    }
    w.end_object();
}

// Datasette's SQLiteType.from_declared_type, reduced to the question its built-in column
// types ask: does the declared type give the column TEXT affinity?
bool text_affinity(std::string type) {
    for (auto& ch : type) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (type.find("INT") != std::string::npos) return false;
    return type.find("CHAR") != std::string::npos || type.find("CLOB") != std::string::npos ||
           type.find("TEXT") != std::string::npos;
}

struct ColumnTypeInfo {
    const char* name;
    const char* description;
};

// Datasette's built-in column types, sorted by name; each is limited to TEXT columns.
constexpr std::array<ColumnTypeInfo, 3> kColumnTypes = {{
    {"email", "Email address"}, {"json", "JSON data"}, {"url", "URL"}}};

}  // namespace

void write_display_columns(JsonWriter& w, const Context& ctx, const std::string& database,
                           const db::Table& table, const std::vector<std::string>& columns) {
    auto sortable = sortable_columns(ctx, database, table);
    auto descriptions = column_descriptions(ctx.table_config(database, table.name).metadata_json);
    std::vector<std::string> pks_for_display = table.primary_keys;
    if (pks_for_display.empty()) pks_for_display = {"rowid"};
    bool single_pk_link = !table.is_view && table.primary_keys.size() == 1;

    w.begin_array();
    if (!table.is_view) write_column(w, link_column(table));
    for (const auto& name : columns) {
        if (single_pk_link && name == table.primary_keys.front()) continue;  // shown as the link column
        write_column(w, describe(table, name, contains(sortable, name), contains(pks_for_display, name), descriptions));
    }
    w.end_array();
}

void write_render_cell(JsonWriter& w, std::size_t rows) {
    w.begin_array();
    for (std::size_t i = 0; i < rows; ++i) w.begin_object().end_object();
    w.end_array();
}

void write_custom_table_templates(JsonWriter& w, std::string_view database, std::string_view table,
                                  std::string_view page) {
    std::string names = to_css_class(database) + "-" + to_css_class(table) + ".html";
    w.begin_array();
    w.string("_table-" + names);
    w.string("_table-" + std::string(page) + "-" + names);
    w.string("_table.html");
    w.end_array();
}

void write_column_types(JsonWriter& w) { w.begin_object().end_object(); }

void write_set_column_type_ui(JsonWriter& w, const Context& ctx, const std::optional<auth::Actor>& actor,
                              const std::string& database, const db::Table& table) {
    if (table.is_view || !can(ctx, actor, "set-column-type", {database, table.name})) {
        w.null();
        return;
    }
    w.begin_object();
    w.key("path").string("/" + tilde_encode(database) + "/" + tilde_encode(table.name) + "/-/set-column-type");
    w.key("columns").begin_object();
    for (const auto& column : table.columns) {
        w.key(column.name).begin_object();
        w.key("current").null();
        w.key("options").begin_array();
        if (text_affinity(column.type))
            for (const auto& type : kColumnTypes)
                w.begin_object().key("name").string(type.name).key("description").string(type.description).end_object();
        w.end_array();
        w.end_object();
    }
    w.end_object();
    w.end_object();
}

}  // namespace liteserve::api
