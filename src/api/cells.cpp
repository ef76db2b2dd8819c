// Cell serialisation, including re-emitting embedded JSON through the Python-style writer.
#include "api/cells.h"

#include <algorithm>
#include <cmath>

#include <openssl/evp.h>
#include <rapidjson/document.h>

namespace liteserve::api {
namespace {

// Datasette's JSON encoder tries bytes.decode("utf8") first: only a BLOB that is not UTF-8
// becomes {"$base64": true, "encoded": …}.
void write_blob(JsonWriter& w, std::string_view bytes) {
    if (!first_invalid_utf8(bytes)) {
        w.string(bytes);
        return;
    }
    w.begin_object();
    w.key("$base64").boolean(true);
    w.key("encoded").string(base64_encode(bytes));
    w.end_object();
}

void write_real(JsonWriter& w, double v, bool infinity) {
    if (std::isinf(v) && !infinity) w.null();
    else w.number(v);
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

void write_json_text(JsonWriter& w, std::string_view text) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseNanAndInfFlag>(text.data(), text.size());
    if (doc.HasParseError()) w.string(text);
    else write_json_value(w, doc);
}

CellFormat cell_format(const QueryArgs& args, const std::vector<std::string>& columns) {
    CellFormat format;
    format.json_infinity = args.flag("_json_infinity");
    auto json_columns = args.every("_json");  // repeatable; a comma is part of a name (getlist)
    for (const auto& c : columns)
        format.embed_json.push_back(std::find(json_columns.begin(), json_columns.end(), c) != json_columns.end());
    return format;
}

void write_cell(JsonWriter& w, const db::Cursor& cursor, int column, const CellFormat& format) {
    switch (cursor.type(column)) {
        case db::CellType::Null: w.null(); break;
        case db::CellType::Integer: w.integer(cursor.integer(column)); break;
        case db::CellType::Real: write_real(w, cursor.real(column), format.json_infinity); break;
        case db::CellType::Blob: write_blob(w, cursor.blob(column)); break;
        case db::CellType::Text:
            if (static_cast<std::size_t>(column) < format.embed_json.size() && format.embed_json[column])
                write_json_text(w, cursor.text(column));
            else
                w.string(cursor.text(column));
            break;
    }
}

void write_cell(JsonWriter& w, const db::Value& value, int column, const CellFormat& format) {
    if (const auto* real = std::get_if<double>(&value)) return write_real(w, *real, format.json_infinity);
    const auto* text = std::get_if<std::string>(&value);
    if (text && static_cast<std::size_t>(column) < format.embed_json.size() && format.embed_json[column])
        return write_json_text(w, *text);
    write_value(w, value);
}

void write_value(JsonWriter& w, const db::Value& value) {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) w.null();
            else if constexpr (std::is_same_v<T, std::int64_t>) w.integer(v);
            else if constexpr (std::is_same_v<T, double>) w.number(v);
            else if constexpr (std::is_same_v<T, std::string>) w.string(v);
            else write_blob(w, v.bytes);
        },
        value);
}

void write_params(JsonWriter& w, const db::Params& params) {
    w.begin_object();
    for (const auto& [name, value] : params) {
        w.key(name);
        write_value(w, value);
    }
    w.end_object();
}

std::string value_to_text(const db::Value& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) return "None";
            else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(v);
            else if constexpr (std::is_same_v<T, double>) {
                std::string out;
                append_python_float(out, v);
                if (out == "Infinity") return "inf";
                if (out == "-Infinity") return "-inf";
                return out;
            } else if constexpr (std::is_same_v<T, std::string>) return v;
            else return v.bytes;
        },
        value);
}

}  // namespace liteserve::api
