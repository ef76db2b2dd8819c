// Output shapes (?_shape=) and the row writer that lays rows out in each of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/cells.h"
#include "api/json_writer.h"
#include "db/cursor.h"

namespace liteserve::api {

enum class Shape { Objects, Arrays, Array, ArrayFirst, Object };

// Parses _shape (default objects); throws HttpError 400 "Invalid _shape: X".
Shape parse_shape(const std::optional<std::string>& value);
// Whether the shape wraps rows in the {"ok": …, "rows": …} envelope.
bool has_envelope(Shape shape);

// Writes rows of a cursor in a given shape. `names` are the output column names for the
// first `names.size()` result columns (further result columns are internal and skipped).
class RowWriter {
public:
    RowWriter(Shape shape, bool newline_delimited, std::vector<std::string> names, CellFormat format)
        : shape_(shape), nl_(newline_delimited), names_(std::move(names)), format_(std::move(format)) {}

    // Opens the rows container: "[" for array shapes, "{" for object (nothing for _nl).
    void begin(JsonWriter& w);
    // One row; `key` is the row's key for the object shape (ignored otherwise).
    void row(JsonWriter& w, const db::Cursor& cursor, std::string_view key = {});
    void end(JsonWriter& w);

private:
    void object_row(JsonWriter& w, const db::Cursor& cursor);

    Shape shape_;
    bool nl_;
    std::vector<std::string> names_;
    CellFormat format_;
    bool first_ = true;
};

}  // namespace liteserve::api
