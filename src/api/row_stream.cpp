// The row pump shared by pages and streams, and a stream's state from one chunk to the
// next: its own connection, the CPU time it has used, and how it ends when something fails.
#include "api/row_stream.h"

#include <limits>
#include <stdexcept>

#include "db/sql_guard.h"

namespace liteserve::api {
namespace {

using Clock = std::chrono::steady_clock;

// A chunk ends once it holds about this much: big enough that chunk framing and the hop to
// a worker per chunk cost nothing noticeable, small enough to keep a stream's memory flat.
constexpr std::size_t kChunkBytes = 64 * 1024;
// ... or after this long, however small it is: a filter that rarely matches still hands its
// worker back to the pool's queue now and then (other requests wait there), and the client
// sees progress.
constexpr auto kChunkTime = std::chrono::milliseconds(50);
// Rows held together for one label lookup per expanded column.
constexpr std::size_t kLabelBatch = 256;

std::vector<db::Value> row_values(const db::Cursor& cursor) {
    std::vector<db::Value> values;
    values.reserve(static_cast<std::size_t>(cursor.column_count()));
    for (int i = 0; i < cursor.column_count(); ++i) values.push_back(cursor.value(i));
    return values;
}

// Steps a cursor and encodes its rows, counting rows and bytes against the output's limits.
class RowPump {
public:
    RowPump(db::Connection& conn, std::unique_ptr<db::Cursor> cursor, RowOutput& output)
        : conn_(conn), cursor_(std::move(cursor)), output_(output) {}

    // Appends rows until `out` has grown by `bytes` or `until` has passed; false once the
    // output is complete (its end written, or the byte cap's message).
    bool fill(std::string& out, std::size_t bytes, Clock::time_point until);
    std::int64_t rows() const { return rows_; }

private:
    bool step();
    bool next_row(std::string& out);
    bool next_batch(std::string& out);
    bool accept(std::string& out, std::size_t start);
    bool row_limit_reached(std::size_t pending) const {
        return output_.max_rows && rows_ + static_cast<std::int64_t>(pending) >= *output_.max_rows;
    }

    db::Connection& conn_;
    std::unique_ptr<db::Cursor> cursor_;
    RowOutput& output_;
    std::int64_t rows_ = 0;
    std::uint64_t bytes_ = 0;
    bool begun_ = false;
    bool exhausted_ = false;
    bool capped_ = false;
};

bool RowPump::fill(std::string& out, std::size_t bytes, Clock::time_point until) {
    std::size_t start = out.size();
    if (!begun_) {
        begun_ = true;
        output_.encoder->begin(out);
        if (!accept(out, start)) return false;
    }
    bool batches = !output_.labels.empty();
    for (unsigned n = 1;; ++n) {
        if (!(batches ? next_batch(out) : next_row(out))) {
            if (!capped_) output_.encoder->end(out);
            return false;
        }
        if (out.size() - start >= bytes) return true;
        // Reading the clock costs little, but not nothing: every 64 rows is often enough.
        if ((batches || n % 64 == 0) && Clock::now() >= until) return true;
    }
}

// SQLite would run a finished statement again if it were stepped once more.
bool RowPump::step() {
    if (exhausted_) return false;
    if (cursor_->step()) return true;
    exhausted_ = true;
    return false;
}

bool RowPump::next_row(std::string& out) {
    if (row_limit_reached(0) || !step()) return false;
    std::size_t start = out.size();
    output_.encoder->row(out, *cursor_);
    ++rows_;
    return accept(out, start);
}

bool RowPump::next_batch(std::string& out) {
    std::vector<std::vector<db::Value>> rows;
    while (rows.size() < kLabelBatch && !row_limit_reached(rows.size()) && step()) rows.push_back(row_values(*cursor_));
    if (rows.empty()) return false;
    PageLabels labels = PageLabels::fetch(conn_, output_.labels, rows);
    for (const auto& values : rows) {
        std::size_t start = out.size();
        output_.encoder->row(out, ValueRow(values), labels);
        ++rows_;
        if (!accept(out, start)) return false;
    }
    return true;
}

// Datasette's LimitedWriter: what would take the body past max_bytes is not written, and
// the message takes its place as the end of the output.
bool RowPump::accept(std::string& out, std::size_t start) {
    bytes_ += out.size() - start;
    if (output_.max_bytes == 0 || bytes_ <= output_.max_bytes) return true;
    out.resize(start);
    capped_ = true;
    std::string message = "CSV contains more than " + std::to_string(output_.max_bytes) + " bytes";
    if (!output_.encoder->append_error(out, message)) throw std::runtime_error(message);
    return false;
}

// One stream's state, shared by the copies of its producer.
class RowStream {
public:
    RowStream(const db::Database& database, RowSource source, RowOutput output, StreamLimits limits)
        : database_(database), source_(std::move(source)), output_(std::move(output)), limits_(std::move(limits)) {}

    bool next_chunk(std::string& out);

private:
    bool produce(std::string& out);
    std::chrono::milliseconds budget_left() const;
    bool out_of_time() const { return budget_left() != db::Connection::kNoTimeLimit && budget_left().count() <= 0; }
    bool stop(std::string& out, const std::string& message);
    void close();
    std::string time_limit_message() const;

    const db::Database& database_;
    RowSource source_;
    RowOutput output_;
    StreamLimits limits_;
    std::chrono::nanoseconds cpu_used_{0};
    std::unique_ptr<db::Connection> conn_;  // declared before pump_, whose cursor must go first
    std::unique_ptr<RowPump> pump_;
    bool done_ = false;
};

bool RowStream::next_chunk(std::string& out) {
    if (done_) return false;
    // A client that has gone reads nothing more: end without a word.
    if (limits_.cancelled && limits_.cancelled->load()) {
        close();
        return false;
    }
    if (out_of_time()) return stop(out, time_limit_message());
    try {
        return produce(out);
    } catch (const db::QueryInterrupted& e) {
        if (e.cancelled) {
            close();
            return false;
        }
        return stop(out, time_limit_message());
    } catch (const std::exception& e) {
        return stop(out, e.what());
    }
}

// The connection is opened on the first call (a worker), not when the view answers: a HEAD
// request, or a connection that breaks before its turn, then never holds one. The CPU clock
// is per thread and chunks run on any worker, so each chunk is timed and charged on its own.
bool RowStream::produce(std::string& out) {
    auto cpu_start = db::thread_cpu_time();
    if (!conn_) conn_ = database_.open_stream_connection();
    conn_->set_limits(budget_left(), limits_.cancelled);
    if (!pump_) {
        db::StatementPtr statement =
            source_.client_sql ? db::prepare_read_only(*conn_, source_.sql) : conn_->prepare(source_.sql);
        pump_ = std::make_unique<RowPump>(
            *conn_, std::make_unique<db::Cursor>(*conn_, std::move(statement), source_.params), output_);
    }
    bool more = pump_->fill(out, kChunkBytes, Clock::now() + kChunkTime);
    cpu_used_ += db::thread_cpu_time() - cpu_start;
    if (!more) close();
    return more;
}

std::chrono::milliseconds RowStream::budget_left() const {
    if (limits_.cpu_budget == db::Connection::kNoTimeLimit) return db::Connection::kNoTimeLimit;
    return std::chrono::duration_cast<std::chrono::milliseconds>(limits_.cpu_budget - cpu_used_);
}

// Rows already in `out` stay: they are whole rows. A format with room for the message ends
// with it; any other is cut off by throwing, which makes the HTTP layer close the connection
// without the final chunk, so the client cannot take a partial result for a complete one.
bool RowStream::stop(std::string& out, const std::string& message) {
    close();
    if (output_.encoder->append_error(out, message)) return false;
    throw std::runtime_error(message);
}

// Called on the worker that ran the last chunk, so the connection is not closed by whichever
// thread happens to drop the producer.
void RowStream::close() {
    done_ = true;
    pump_.reset();
    conn_.reset();
}

std::string RowStream::time_limit_message() const {
    return "SQL query took too long: the stream used its CPU time limit of " +
           std::to_string(limits_.cpu_budget.count()) + " ms (stream_time_limit_ms, or _timelimit)";
}

}  // namespace

std::int64_t render_rows(db::Connection& conn, std::unique_ptr<db::Cursor> cursor, RowOutput& output,
                         std::string& out) {
    RowPump pump(conn, std::move(cursor), output);
    while (pump.fill(out, std::numeric_limits<std::size_t>::max(), Clock::time_point::max())) {
    }
    return pump.rows();
}

std::function<bool(std::string&)> stream_rows(const db::Database& database, RowSource source, RowOutput output,
                                              StreamLimits limits) {
    auto stream = std::make_shared<RowStream>(database, std::move(source), std::move(output), std::move(limits));
    return [stream](std::string& out) { return stream->next_chunk(out); };
}

}  // namespace liteserve::api
