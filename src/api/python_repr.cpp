// Python's repr() of strings; see python_repr.h.
#include "api/python_repr.h"

#include <cstdio>
#include <utility>

namespace liteserve::api {
namespace {

// A code point Python's str.isprintable() rejects among those a name may plausibly hold:
// C0/C1 controls, DEL, no-break space, soft hyphen, zero-width and line/paragraph separators.
bool unprintable(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
}

// The code point starting at text[i] and its length in bytes (bytes that do not start a
// sequence count as themselves).
std::pair<char32_t, std::size_t> next_code_point(std::string_view text, std::size_t i) {
    unsigned char c = text[i];
    std::size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (i + len > text.size()) len = 1;
    if (len == 1) return {c, 1};
    char32_t cp = c & (0x3f >> (len - 1));
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    return {cp, len};
}

std::string escape_code_point(char32_t cp) {
    char buf[12];
    if (cp <= 0xff) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
    else std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
    return buf;
}

}  // namespace

std::string python_repr(std::string_view text) {
    bool single = text.find('\'') != std::string_view::npos;
    bool dbl = text.find('"') != std::string_view::npos;
    char quote = single && !dbl ? '"' : '\'';
    std::string out(1, quote);
    for (std::size_t i = 0; i < text.size();) {
        auto [cp, len] = next_code_point(text, i);
        if (cp == static_cast<char32_t>(quote) || cp == '\\') out += {'\\', static_cast<char>(cp)};
        else if (cp == '\t') out += "\\t";
        else if (cp == '\n') out += "\\n";
        else if (cp == '\r') out += "\\r";
        else if (unprintable(cp)) out += escape_code_point(cp);
        else out.append(text.substr(i, len));
        i += len;
    }
    return out + quote;
}

std::string python_list_repr(const std::vector<std::string>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + python_repr(values[i]);
    return out + "]";
}

}  // namespace liteserve::api
