// The ?_extra= blocks that describe the request rather than the data (extras, request,
// debug, form_hidden_args), shared by the table and row pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "db/database.h"
#include "liteserve/request.h"

namespace liteserve::api {

// One entry of a page's extras list: its name and the description Datasette gives it.
struct ExtraInfo {
    const char* name;
    const char* description;
};

// _extra=extras: every extra of the page with whether this request selected it and the
// absolute URL that toggles it (adds it, or removes it when selected).
void write_extras_list(JsonWriter& w, const Request& request, const std::vector<ExtraInfo>& extras,
                       const std::vector<std::string>& selected);

// _extra=request: {"url", "path", "full_path", "host", "args"}, as Datasette's Request object
// reports them: the raw path, the Host header, and args as name → list of values.
void write_request_info(JsonWriter& w, const Request& request);

// Which URL a page answers: the table route or the row route (their variables differ).
enum class Route { Table, Row };

// Datasette's request.url_vars: the route's named groups as the raw path spells them
// ({"database", "table", "pks" for rows, "format"}; format is null without an extension).
void write_url_vars(JsonWriter& w, const Request& request, Route route);

// _extra=debug on a table page: url_vars, repr() of Datasette's ResolvedTable, and the raw
// _nofacet / _nosuggest arguments.
void write_table_debug(JsonWriter& w, const Request& request, const db::Database& database,
                       std::string_view table, bool is_view);

// _extra=form_hidden_args: the [name, value] pairs of the "_" arguments the HTML form keeps
// (not _sort, _sort_desc, _search or _next, nor names containing "__"), grouped by name.
void write_form_hidden_args(JsonWriter& w, const Request& request);

}  // namespace liteserve::api
