// Building the URLs Datasette puts in responses: next-page links and absolute URLs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "liteserve/request.h"

namespace liteserve::api {

// The request's path with its query arguments, minus every key in `replace`, plus the
// non-empty replacements appended in order (Datasette's path_with_replaced_args: blank
// values are dropped and the query is re-encoded with urlencode).
std::string path_with_replaced_args(const Request& request,
                                    const std::vector<std::pair<std::string, std::string>>& replace);
// `path` plus the pairs url-encoded as a query string (blank values dropped, as urlencode
// after parse_qsl does in Datasette).
std::string path_with_args(const std::string& path, const std::vector<std::pair<std::string, std::string>>& pairs);
// Datasette's path_with_added_args: the request's path and arguments (blank ones dropped, as
// parse_qsl does) with `added` appended, blank values included.
std::string path_with_added_args(const Request& request,
                                 const std::vector<std::pair<std::string, std::string>>& added);
// Datasette's path_with_removed_args with a dict: the request's arguments (blank ones
// dropped) minus each pair equal, key and value, to one in `removed`.
std::string path_with_removed_args(const Request& request,
                                   const std::vector<std::pair<std::string, std::string>>& removed);
// Prefixes a path with "scheme://host" (Request::scheme and the Host header).
std::string absolute_url(const Request& request, std::string_view path);

}  // namespace liteserve::api
