// Python-compatible JSON text: the byte-exact form matters where clients compare text.
#include "api/json_writer.h"

#include <rapidjson/document.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace liteserve::api {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_u16_escape(std::string& out, unsigned unit) {
    out += "\\u";
    out += kHex[(unit >> 12) & 15];
    out += kHex[(unit >> 8) & 15];
    out += kHex[(unit >> 4) & 15];
    out += kHex[unit & 15];
}

// Decodes one UTF-8 sequence at s[i]. Ill-formed input decodes as U+FFFD, one per maximal
// ill-formed subsequence (overlong forms, surrogates and values past U+10FFFF included), as
// Python's decode(errors="replace") that Datasette applies to SQLite text.
unsigned decode_utf8(std::string_view s, std::size_t& i) {
    unsigned c = static_cast<unsigned char>(s[i++]);
    if (c < 0x80) return c;
    // The first continuation byte's range excludes overlongs, surrogates and > U+10FFFF
    // (Unicode's table of well-formed byte sequences).
    int extra = 0;
    unsigned lo = 0x80, hi = 0xBF, cp = 0;
    if (c >= 0xC2 && c <= 0xDF) { extra = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { extra = 2; cp = c & 0x0F; lo = c == 0xE0 ? 0xA0 : lo; hi = c == 0xED ? 0x9F : hi; }
    else if (c >= 0xF0 && c <= 0xF4) { extra = 3; cp = c & 0x07; lo = c == 0xF0 ? 0x90 : lo; hi = c == 0xF4 ? 0x8F : hi; }
    else return 0xFFFD;
    for (int k = 0; k < extra; ++k, lo = 0x80, hi = 0xBF) {
        if (i >= s.size()) return 0xFFFD;
        unsigned b = static_cast<unsigned char>(s[i]);
        if (b < lo || b > hi) return 0xFFFD;  // b starts the next sequence
        cp = (cp << 6) | (b & 0x3F);
        ++i;
    }
    return cp;
}

}  // namespace

void append_json_string(std::string& out, std::string_view value) {
    out += '"';
    std::size_t i = 0;
    while (i < value.size()) {
        auto c = static_cast<unsigned char>(value[i]);
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            // Copy the run of plain ASCII in one go.
            std::size_t start = i;
            while (i < value.size()) {
                auto d = static_cast<unsigned char>(value[i]);
                if (d < 0x20 || d >= 0x7F || d == '"' || d == '\\') break;
                ++i;
            }
            out.append(value.data() + start, i - start);
            continue;
        }
        if (c < 0x80) {
            ++i;
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                default: append_u16_escape(out, c);
            }
            continue;
        }
        unsigned cp = decode_utf8(value, i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            append_u16_escape(out, 0xD800 + (cp >> 10));
            append_u16_escape(out, 0xDC00 + (cp & 0x3FF));
        } else {
            append_u16_escape(out, cp);
        }
    }
    out += '"';
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // Eight ASCII bytes at a time: request bodies and most text are mostly ASCII.
        std::uint64_t block;
        if (text.size() - i >= sizeof block) {
            std::memcpy(&block, text.data() + i, sizeof block);
            if ((block & 0x8080808080808080ULL) == 0) { i += sizeof block; continue; }
        }
        if (static_cast<unsigned char>(text[i]) < 0x80) { ++i; continue; }
        std::size_t start = i;
        // U+FFFD itself is well-formed; any other U+FFFD result marks an ill-formed sequence.
        if (decode_utf8(text, i) == 0xFFFD && text.substr(start, i - start) != "\xEF\xBF\xBD") return start;
    }
    return std::nullopt;
}

std::string_view utf8_or_replaced(std::string_view text, std::string& storage) {
    auto bad = first_invalid_utf8(text);
    if (!bad) return text;
    storage.assign(text.substr(0, *bad));  // well-formed up to there
    for (std::size_t i = *bad; i < text.size();) {
        std::size_t start = i;
        unsigned cp = decode_utf8(text, i);
        if (cp == 0xFFFD && text.substr(start, i - start) != "\xEF\xBF\xBD") storage += "\xEF\xBF\xBD";
        else storage.append(text, start, i - start);
    }
    return storage;
}

void append_python_float(std::string& out, double value) {
    if (std::isnan(value)) { out += "NaN"; return; }
    if (std::isinf(value)) { out += value > 0 ? "Infinity" : "-Infinity"; return; }
    // Shortest round-trip digits, then laid out as Python's repr does: positional notation
    // for exponents in [-5, 16), scientific otherwise, always with a '.0' or exponent.
    char sci[64];
    auto res = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
    std::string_view text(sci, res.ptr - sci);
    bool negative = text.front() == '-';
    if (negative) text.remove_prefix(1);
    auto e_at = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e_at))
        if (c != '.') digits += c;
    int exponent = std::atoi(std::string(text.substr(e_at + 1)).c_str());
    if (negative) out += '-';
    if (exponent >= 16 || exponent < -4) {
        out += digits[0];
        if (digits.size() > 1) { out += '.'; out.append(digits, 1); }
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += exp;
        return;
    }
    if (exponent < 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-exponent - 1), '0');
        out += digits;
        return;
    }
    auto int_len = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
    } else {
        out.append(digits, 0, int_len);
        out += '.';
        out.append(digits, int_len);
    }
}

void JsonWriter::separate() {
    if (after_key_) { after_key_ = false; return; }
    if (!has_value_.empty()) {
        if (has_value_.back()) out_ += ", ";
        has_value_.back() = true;
    }
}

JsonWriter& JsonWriter::begin_object() { separate(); out_ += '{'; has_value_.push_back(false); return *this; }
JsonWriter& JsonWriter::end_object() { has_value_.pop_back(); out_ += '}'; return *this; }
JsonWriter& JsonWriter::begin_array() { separate(); out_ += '['; has_value_.push_back(false); return *this; }
JsonWriter& JsonWriter::end_array() { has_value_.pop_back(); out_ += ']'; return *this; }

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += ": ";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::null() { separate(); out_ += "null"; return *this; }
JsonWriter& JsonWriter::boolean(bool value) { separate(); out_ += value ? "true" : "false"; return *this; }

JsonWriter& JsonWriter::integer(std::int64_t value) {
    separate();
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    out_.append(buf, res.ptr);
    return *this;
}

JsonWriter& JsonWriter::number(double value) { separate(); append_python_float(out_, value); return *this; }
JsonWriter& JsonWriter::string(std::string_view value) { separate(); append_json_string(out_, value); return *this; }

JsonWriter& JsonWriter::strings(const std::vector<std::string>& values) {
    begin_array();
    for (const auto& v : values) string(v);
    return end_array();
}

JsonWriter& JsonWriter::raw(std::string_view json) { separate(); out_ += json; return *this; }

void write_json_value(JsonWriter& w, const rapidjson::Value& v) {
    if (v.IsNull()) w.null();
    else if (v.IsBool()) w.boolean(v.GetBool());
    else if (v.IsInt64()) w.integer(v.GetInt64());
    else if (v.IsUint64()) w.raw(std::to_string(v.GetUint64()));
    else if (v.IsNumber()) w.number(v.GetDouble());
    else if (v.IsString()) w.string(std::string_view(v.GetString(), v.GetStringLength()));
    else if (v.IsArray()) {
        w.begin_array();
        for (const auto& item : v.GetArray()) write_json_value(w, item);
        w.end_array();
    } else {
        w.begin_object();
        for (const auto& m : v.GetObject()) {
            w.key(std::string_view(m.name.GetString(), m.name.GetStringLength()));
            write_json_value(w, m.value);
        }
        w.end_object();
    }
}

}  // namespace liteserve::api
