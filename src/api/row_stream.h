// Running one statement and writing its rows through a RowEncoder: either all at once, for
// a page whose size is bounded (render_rows), or as the producer behind Response::next_chunk
// that streams every row from one cursor on a connection of its own (stream_rows).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/labels.h"
#include "api/row_encoder.h"
#include "db/connection.h"
#include "db/cursor.h"
#include "db/database.h"
#include "liteserve/request.h"

namespace liteserve::api {

// The statement a stream runs. The view has already prepared it once on its pooled
// connection, so that bad SQL is a 400 before the response starts.
struct RowSource {
    std::string sql;
    db::Params params;
    bool client_sql = false;  // written by the client (-/query, _where): prepared read-only-guarded
};

// What is written and where it stops.
struct RowOutput {
    std::unique_ptr<RowEncoder> encoder;
    std::vector<LabelColumn> labels;       // looked up per batch of rows (?_labels=on, ?_label=)
    std::optional<std::int64_t> max_rows;  // a page: stop after this many rows; nullopt: every row
    // max_csv_mb for CSV: no row that would take the body past this many bytes is written;
    // Datasette's "CSV contains more than N bytes" ends it instead. 0: no cap.
    std::uint64_t max_bytes = 0;
};

struct StreamLimits {
    // CPU time for the whole stream, summed over its chunks (stream_time_limit_ms).
    std::chrono::milliseconds cpu_budget = db::Connection::kNoTimeLimit;
    CancelFlag cancelled;  // the request's: set when the client goes away
};

// Writes every row of `cursor` (up to output.max_rows) into `out` at once, on a connection
// the caller holds. Errors propagate: nothing has been sent yet. Returns the number of rows.
std::int64_t render_rows(db::Connection& conn, std::unique_ptr<db::Cursor> cursor, RowOutput& output,
                         std::string& out);

// A producer for Response::next_chunk. Each call appends about 64 KiB of rows, or what
// 50 ms of work yields, and returns false once the rows are done. The producer owns its
// state: on its first call it opens a connection of its own to `database` (never a pooled
// one, which would stay lent out between chunks while pool waiters hold the workers), and it
// closes it on the worker as soon as the rows end or fail; destroying the producer closes it
// too. Errors after the response has started cannot change its status: CSV ends with the
// message as its last text (as Datasette), JSON is cut off (the producer throws), and a
// cancelled request just ends.
std::function<bool(std::string&)> stream_rows(const db::Database& database, RowSource source, RowOutput output,
                                              StreamLimits limits);

}  // namespace liteserve::api
