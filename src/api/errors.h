// Datasette's error JSON: the one shape every failure takes on its way to the client.
#pragma once

#include <string>
#include <string_view>

#include "liteserve/response.h"

namespace liteserve::api {

// {"ok": false, "error": message, "status": status, "title": title or null}
Response error_response(int status, std::string_view message, std::string_view title = {});

// The HTML-bearing message Datasette sends when a query hits sql_time_limit_ms.
std::string time_limit_message(std::string_view sql);

}  // namespace liteserve::api
