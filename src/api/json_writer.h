// Streaming JSON output in the exact text form Datasette (Python's json.dumps) produces:
// ", " and ": " separators, non-ASCII as \u escapes, floats as Python's repr.
// Appends straight into a caller-owned buffer; no DOM is built.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/fwd.h>

namespace liteserve::api {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& null();
    JsonWriter& boolean(bool value);
    JsonWriter& integer(std::int64_t value);
    // Infinity and NaN are written as the bare words Python emits (invalid JSON, as Datasette).
    JsonWriter& number(double value);
    JsonWriter& string(std::string_view value);
    JsonWriter& strings(const std::vector<std::string>& values);
    // Already-serialized JSON text, inserted as one value.
    JsonWriter& raw(std::string_view json);

    std::string& buffer() { return out_; }

private:
    void separate();

    std::string& out_;
    // One entry per open container: whether a value has been written in it yet.
    std::vector<bool> has_value_;
    bool after_key_ = false;
};

// Appends `value` as a JSON string literal with Python's ensure_ascii escaping.
void append_json_string(std::string& out, std::string_view value);
// Appends a double in Python repr form ("1.5", "1e+16", "2.0", "Infinity").
void append_python_float(std::string& out, double value);
// Where the first ill-formed UTF-8 sequence of `text` starts, if it has one.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);
// `text` itself when it is well-formed UTF-8; otherwise `storage`, filled with `text` whose
// ill-formed sequences are each replaced by U+FFFD (Python's decode(errors="replace"), which
// Datasette applies to SQLite text). For writers that copy text as it is (CSV).
std::string_view utf8_or_replaced(std::string_view text, std::string& storage);

// Writes a parsed JSON value through `w`: Python's json.dumps text of it (integers beyond
// int64 exactly, as Python keeps them).
void write_json_value(JsonWriter& w, const rapidjson::Value& value);

}  // namespace liteserve::api
