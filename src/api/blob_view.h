// The .blob format: one cell's raw bytes as a download, as Datasette's blob renderer serves
// it (the URLs that CSV writes for BLOB cells lead here). ?_blob_column= names the column;
// ?_blob_hash= (the SHA-256 of the value, for queries and views) picks the row among the
// result rows, else the first row is used.
#pragma once

#include <string_view>

#include "api/context.h"
#include "api/query_page.h"
#include "db/catalog.h"
#include "db/cursor.h"
#include "liteserve/request.h"
#include "liteserve/response.h"

namespace liteserve::api {

// The path ends in .blob.
bool wants_blob(const Request& request);

// /db/table/pk.blob?_blob_column=c: the cell of the row `cursor` stands on (it is not moved).
Response row_blob(const Context& ctx, const Request& request, const db::Table& table, db::Cursor& cursor);
// /db/table.blob?_blob_column=c[&_blob_hash=h]: a cell of the page the .json URL would give
// (views get such links from their CSV).
Response table_blob(const Context& ctx, Request& request);
// /db/-/query.blob?sql=…&_blob_column=c[&_blob_hash=h] and /db/stored_query.blob?…: a cell of
// the query's rows (at most max_returned_rows). `table` names the download (empty: none).
Response query_blob(const Context& ctx, Request& request, const QuerySpec& spec, std::string_view table);

}  // namespace liteserve::api
