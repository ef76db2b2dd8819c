// OpenSSL's one-shot digest and HMAC functions, written as lower-case hex.
#include "api/digests.h"

#include <cctype>

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include <stdexcept>

namespace liteserve::api {
namespace {

std::string to_hex(const unsigned char* bytes, unsigned int length) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

std::string digest_hex(std::string_view bytes, const EVP_MD* md) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, md, nullptr);
    return to_hex(digest, length);
}

bool css_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool css_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// Datasette's css_class_re: ^[a-zA-Z]+[_a-zA-Z0-9-]*$
bool is_css_class(std::string_view name) {
    if (name.empty() || !css_letter(name.front())) return false;
    for (char c : name)
        if (!css_char(c)) return false;
    return true;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) { return digest_hex(bytes, EVP_sha256()); }
std::string md5_hex(std::string_view bytes) { return digest_hex(bytes, EVP_md5()); }

HmacSha256::HmacSha256(std::string_view key) : prototype_(nullptr) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    prototype_ = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);  // the context keeps its own reference
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
    if (!prototype_ || !EVP_MAC_init(prototype_, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params))
        throw std::runtime_error("OpenSSL could not set up HMAC-SHA256");
}

HmacSha256::~HmacSha256() { EVP_MAC_CTX_free(prototype_); }

std::string HmacSha256::hex(std::string_view message) const {
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(prototype_);
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    bool ok = ctx && EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(message.data()), message.size()) &&
              EVP_MAC_final(ctx, out, &length, sizeof out);
    EVP_MAC_CTX_free(ctx);
    if (!ok) throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
    return to_hex(out, static_cast<unsigned int>(length));
}

std::string to_css_class(std::string_view name) {
    if (is_css_class(name)) return std::string(name);
    std::string suffix = md5_hex(name).substr(0, 6);
    // Python: s.lstrip("_").lstrip("-"), then whitespace runs become "-", then invalid
    // characters go (non-ASCII letters included: the regex is ASCII-only).
    std::size_t start = name.find_first_not_of('_');
    std::string_view rest = start == std::string_view::npos ? std::string_view() : name.substr(start);
    start = rest.find_first_not_of('-');
    rest = start == std::string_view::npos ? std::string_view() : rest.substr(start);
    std::string joined;  // the words between whitespace runs, joined by "-"
    bool pending_dash = false;
    for (char c : rest) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending_dash = !joined.empty() || pending_dash;
            continue;
        }
        if (pending_dash) joined += '-';
        pending_dash = false;
        joined += c;
    }
    std::erase_if(joined, [](char c) { return !css_char(c); });
    return joined.empty() ? suffix : joined + "-" + suffix;
}

}  // namespace liteserve::api
