// Parsing _shape and opening/closing the rows container (the per-row layouts are templates
// in shapes.h); _nl=on writes one JSON object per line without brackets.
#include "api/shapes.h"

#include "liteserve/error.h"

namespace liteserve::api {

std::optional<Shape> shape_named(const std::optional<std::string>& value) {
    if (!value || *value == "objects") return Shape::Objects;
    if (*value == "arrays") return Shape::Arrays;
    if (*value == "array") return Shape::Array;
    if (*value == "arrayfirst") return Shape::ArrayFirst;
    if (*value == "object") return Shape::Object;
    return std::nullopt;
}

Shape parse_shape(const std::optional<std::string>& value) {
    if (auto shape = shape_named(value)) return *shape;
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

Response bare_rows_response(std::string rows, bool newline_delimited) {
    Response response = Response::json(std::move(rows));
    if (newline_delimited) response.set_header("content-type", "text/plain");
    return response;
}

Response object_shape_refusal(std::string_view message) {
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    w.key("ok").boolean(false);
    w.key("error").string(message);
    w.end_object();
    return Response::json(std::move(body));
}

}  // namespace liteserve::api
