// Row-at-a-time JSON arrays and NDJSON. Each row gets a JsonWriter of its own, so nothing
// but the first-row flag has to survive from one chunk of a stream to the next.
#include "api/json_rows.h"

namespace liteserve::api {

void JsonRowsEncoder::begin(std::string& out) {
    if (!nl_) out += '[';
}

void JsonRowsEncoder::end(std::string& out) {
    if (!nl_) out += ']';
}

// Python's json.dumps puts ", " between array items; _nl=on puts one row per line, with no
// newline after the last one (as Datasette's "\n".join).
void JsonRowsEncoder::separate(std::string& out) {
    if (!first_) out += nl_ ? "\n" : ", ";
    first_ = false;
}

void JsonRowsEncoder::row(std::string& out, const db::Cursor& row) {
    separate(out);
    JsonWriter w(out);
    objects_.row(w, row);
}

void JsonRowsEncoder::row(std::string& out, const ValueRow& row, const PageLabels& labels) {
    separate(out);
    JsonWriter w(out);
    objects_.row_cells(w, [&](JsonWriter& cell, int i) { write_labeled_cell(cell, row.values(), i, format_, labels); });
}

}  // namespace liteserve::api
