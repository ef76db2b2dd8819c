// Output shapes (?_shape=) and the row writer that lays rows out in each of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/cells.h"
#include "api/json_writer.h"
#include "db/cursor.h"
#include "liteserve/response.h"

namespace liteserve::api {

enum class Shape { Objects, Arrays, Array, ArrayFirst, Object };

// The shape _shape names (objects when absent), nullopt for a name no shape has.
std::optional<Shape> shape_named(const std::optional<std::string>& value);
// Parses _shape (default objects); throws HttpError 400 "Invalid _shape: X".
Shape parse_shape(const std::optional<std::string>& value);
// Whether the shape wraps rows in the {"ok": …, "rows": …} envelope.
bool has_envelope(Shape shape);

// Writes rows in a given shape. `names` are the output column names for the first
// `names.size()` result columns (further result columns are internal and skipped).
class RowWriter {
public:
    RowWriter(Shape shape, bool newline_delimited, std::vector<std::string> names, CellFormat format)
        : shape_(shape), nl_(newline_delimited), names_(std::move(names)), format_(std::move(format)) {}

    // Opens the rows container: "[" for array shapes, "{" for object (nothing for _nl).
    void begin(JsonWriter& w);
    // One row read straight from the cursor; `key` is the row's key for the object shape
    // (ignored otherwise).
    void row(JsonWriter& w, const db::Cursor& cursor, std::string_view key = {}) {
        row_cells(w, [&](JsonWriter& out, int i) { write_cell(out, cursor, i, format_); }, key);
    }
    // One row whose cell i is written by `cell(w, i)`: for rows that do not come straight
    // from a cursor (a page buffered for its foreign-key labels). A template so that the
    // cursor path above costs no indirect call per cell.
    template <class CellFn>
    void row_cells(JsonWriter& w, const CellFn& cell, std::string_view key = {});
    void end(JsonWriter& w);

    const CellFormat& format() const { return format_; }

private:
    template <class CellFn>
    void object_row(JsonWriter& w, const CellFn& cell);

    Shape shape_;
    bool nl_;
    std::vector<std::string> names_;
    CellFormat format_;
    bool first_ = true;
};

template <class CellFn>
void RowWriter::object_row(JsonWriter& w, const CellFn& cell) {
    w.begin_object();
    for (std::size_t i = 0; i < names_.size(); ++i) {
        w.key(names_[i]);
        cell(w, static_cast<int>(i));
    }
    w.end_object();
}

template <class CellFn>
void RowWriter::row_cells(JsonWriter& w, const CellFn& cell, std::string_view key) {
    switch (shape_) {
        case Shape::Objects: object_row(w, cell); break;
        case Shape::Arrays:
            w.begin_array();
            for (std::size_t i = 0; i < names_.size(); ++i) cell(w, static_cast<int>(i));
            w.end_array();
            break;
        case Shape::Array:
            if (nl_) {
                if (!first_) w.buffer() += '\n';
                JsonWriter line(w.buffer());
                object_row(line, cell);
            } else {
                object_row(w, cell);
            }
            break;
        case Shape::ArrayFirst:
            if (names_.empty()) w.null();
            else cell(w, 0);
            break;
        case Shape::Object:
            w.key(key);
            object_row(w, cell);
            break;
    }
    first_ = false;
}

// The answer for a shape without envelope (array, arrayfirst, object): JSON, except that
// newline-delimited rows (_shape=array&_nl=on) are "text/plain" with no charset, as
// Datasette's renderer names them.
Response bare_rows_response(std::string rows, bool newline_delimited);

// Datasette's renderer refuses _shape=object in the body with status 200: on a query "only
// available on tables", on a table with no declared primary key "not available for tables
// with no primary keys".
Response object_shape_refusal(std::string_view message);
inline constexpr std::string_view kObjectShapeNeedsKeys = "_shape=object not available for tables with no primary keys";

}  // namespace liteserve::api
