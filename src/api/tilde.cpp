// Datasette's tilde encoding: table names and key values travel in one URL path segment,
// so every byte that could clash with routing ('/', '.', '%', …) is written ~XX instead.
#include "api/tilde.h"

namespace liteserve::api {
namespace {

bool is_safe(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;  // Datasette decodes lower case too
    return -1;
}

}  // namespace

std::string tilde_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (is_safe(c)) {
            out += c;
        } else if (c == ' ') {
            out += '+';
        } else {
            auto byte = static_cast<unsigned char>(c);
            out += '~';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        }
    }
    return out;
}

std::string tilde_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] != '~') {
            out += text[i];
        } else {
            int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
            int low = high >= 0 ? hex_value(text[i + 2]) : -1;
            if (low < 0) return std::string(text);  // not something tilde_encode wrote
            out += static_cast<char>(high * 16 + low);
            i += 2;
        }
    }
    return out;
}

std::vector<std::string> urlsafe_components(std::string_view text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        auto comma = text.find(',', start);
        parts.push_back(tilde_decode(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos) return parts;
        start = comma + 1;
    }
}

}  // namespace liteserve::api
