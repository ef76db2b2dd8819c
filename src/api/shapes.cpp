// Row layouts for each _shape; _nl=on writes one JSON object per line without brackets.
#include "api/shapes.h"

#include "liteserve/error.h"

namespace liteserve::api {

Shape parse_shape(const std::optional<std::string>& value) {
    if (!value || *value == "objects") return Shape::Objects;
    if (*value == "arrays") return Shape::Arrays;
    if (*value == "array") return Shape::Array;
    if (*value == "arrayfirst") return Shape::ArrayFirst;
    if (*value == "object") return Shape::Object;
    throw HttpError(400, "Invalid _shape: " + *value);
}

bool has_envelope(Shape shape) { return shape == Shape::Objects || shape == Shape::Arrays; }

void RowWriter::begin(JsonWriter& w) {
    if (shape_ == Shape::Array && nl_) return;
    if (shape_ == Shape::Object) w.begin_object();
    else w.begin_array();
}

void RowWriter::end(JsonWriter& w) {
    if (shape_ == Shape::Array && nl_) return;
    if (shape_ == Shape::Object) w.end_object();
    else w.end_array();
}

void RowWriter::object_row(JsonWriter& w, const db::Cursor& cursor) {
    w.begin_object();
    for (std::size_t i = 0; i < names_.size(); ++i) {
        w.key(names_[i]);
        write_cell(w, cursor, static_cast<int>(i), format_);
    }
    w.end_object();
}

void RowWriter::row(JsonWriter& w, const db::Cursor& cursor, std::string_view key) {
    switch (shape_) {
        case Shape::Objects: object_row(w, cursor); break;
        case Shape::Arrays:
            w.begin_array();
            for (std::size_t i = 0; i < names_.size(); ++i) write_cell(w, cursor, static_cast<int>(i), format_);
            w.end_array();
            break;
        case Shape::Array:
            if (nl_) {
                if (!first_) w.buffer() += '\n';
                JsonWriter line(w.buffer());
                object_row(line, cursor);
            } else {
                object_row(w, cursor);
            }
            break;
        case Shape::ArrayFirst:
            if (names_.empty()) w.null();
            else write_cell(w, cursor, 0, format_);
            break;
        case Shape::Object:
            w.key(key);
            object_row(w, cursor);
            break;
    }
    first_ = false;
}

}  // namespace liteserve::api
