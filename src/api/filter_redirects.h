// The table page's redirects for its HTML form arguments (Datasette's _redirect_if_needed):
// ?_filter_column=c&_filter_op=op&_filter_value=v (and the numbered _filter_column_N …) become
// c__op=v, and ?_sort=c&_sort_by_desc=on becomes _sort_desc=c. Pure: arguments in, query out.
#pragma once

#include <optional>
#include <string>

#include "api/query_args.h"
#include "liteserve/response.h"

namespace liteserve::api {

// The query string (without '?', possibly empty) the table page redirects to, or nullopt when
// the request needs no redirect. Built as Datasette's path_with_added_args builds it: the
// request's arguments with blank values and the replaced form arguments dropped, then the new
// ones appended (blank values included), url-encoded as Python's urlencode does.
std::optional<std::string> filter_redirect_query(const QueryArgs& args);

// Datasette's path_with_added_args for one argument: the request's arguments (blank values
// dropped) with key=value appended, url-encoded as Python's urlencode does.
std::string query_with_added_arg(const QueryArgs& args, std::string key, std::string value);

// The 302 Datasette sends for it: Location and "Link: <location>; rel=preload" both name
// `path` plus the query, and, like every answer at a table's URL, Referrer-Policy.
Response filter_redirect(const std::string& path, const std::string& query);

}  // namespace liteserve::api
