// The table, query and row views' answers in CSV (.csv) and as streams (_stream=on): the
// argument checks, the encoder for the format, the headers, and the choice between a page
// rendered at once and a stream. The views hand such requests over to these.
#pragma once

#include <string>
#include <vector>

#include "api/context.h"
#include "api/query_page.h"
#include "db/catalog.h"
#include "db/cursor.h"
#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::api {

// The path ends in .csv.
bool wants_csv(const Request& request);
// A table or query request answered here rather than as a JSON page: .csv, or _stream=on.
bool wants_export(const Request& request);

// /db/table.csv, and /db/table.json?_stream=on&_shape=array[&_nl=on].
Response table_export(const Context& ctx, Request& request);
// /db/-/query.csv?sql=…, /db/-/query.json?sql=…&_stream=on&_shape=array[&_nl=on], and the
// same for stored queries: the rows of `spec`.
Response query_export(const Context& ctx, Request& request, const QuerySpec& spec);
// /db/table/pk.csv: the header and the row `cursor` is on; `keys` name the row's key
// columns in the result (its primary keys, or rowid).
Response row_csv(const Context& ctx, const Request& request, const std::string& database, const db::Table& table,
                 const db::Cursor& cursor, const std::vector<std::string>& keys);

}  // namespace liteserve::api
