// The ?_extra= blocks that exist for Datasette's HTML table page (display_columns,
// render_cell, custom_table_templates, column_types, set_column_type_ui) but that its JSON
// API answers too, so clients written against Datasette get the same values here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.h"
#include "api/json_writer.h"
#include "auth/actor.h"
#include "db/catalog.h"

namespace liteserve::api {

// display_columns: one object per output column (`columns`, rowid first for rowid tables)
// with name, sortable, is_pk, type, notnull, description, column_type, column_type_config.
// Tables (not views) get the link column first: the single primary key, or "Link".
void write_display_columns(JsonWriter& w, const Context& ctx, const std::string& database,
                           const db::Table& table, const std::vector<std::string>& columns);

// render_cell: one object per row of the page, keyed by the columns a render_cell plugin
// rendered. liteserve has no such plugins, so each object is empty.
void write_render_cell(JsonWriter& w, std::size_t rows);

// custom_table_templates: the template names Datasette would look for to render the rows,
// for a "table" page or a "row" page.
void write_custom_table_templates(JsonWriter& w, std::string_view database, std::string_view table,
                                  std::string_view page);

// column_types: the column types assigned to the table's columns. liteserve assigns none.
void write_column_types(JsonWriter& w);

// set_column_type_ui: null for views and for actors without the set-column-type permission;
// otherwise the set-column-type path and, per column, its current type (none) and the
// built-in column types that suit its declared type.
void write_set_column_type_ui(JsonWriter& w, const Context& ctx, const std::optional<auth::Actor>& actor,
                              const std::string& database, const db::Table& table);

}  // namespace liteserve::api
