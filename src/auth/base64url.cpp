// Base64url over OpenSSL's standard-alphabet block codec: only the alphabet and padding
// differ, so the text is translated on the way in and out.
#include "auth/base64url.h"

#include <openssl/evp.h>

namespace liteserve::auth {

std::string base64url_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written));
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
        if (c == '+') c = '-';
        else if (c == '/') c = '_';
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (text.size() % 4 == 1) return std::nullopt;
    std::string standard(text);
    for (char& c : standard) {
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
        else if (!plain) return std::nullopt;
    }
    std::size_t padding = (4 - standard.size() % 4) % 4;
    standard.append(padding, '=');
    std::string out(standard.size() / 4 * 3, '\0');
    int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(standard.data()), static_cast<int>(standard.size()));
    if (decoded < 0) return std::nullopt;
    // EVP_DecodeBlock counts the bytes the padding stands for; they are not data.
    out.resize(static_cast<std::size_t>(decoded) - padding);
    return out;
}

}  // namespace liteserve::auth
