// Hex digests over OpenSSL, for the places the API names things by a hash: BLOB links
// (SHA-256, as Datasette's _blob_hash), CSS-class-safe names (MD5, as Datasette's
// to_css_class) and ETags (HMAC-SHA256 under the instance's secret).
#pragma once

#include <string>
#include <string_view>

struct evp_mac_ctx_st;  // OpenSSL's EVP_MAC_CTX

namespace liteserve::api {

std::string sha256_hex(std::string_view bytes);
std::string md5_hex(std::string_view bytes);
// HMAC-SHA256 under one key, set up once: each message starts from a copy of the keyed
// context, so it pays for the hashing alone (a one-shot HMAC looks the algorithm up and
// derives the key pads on every call). Thread-safe: the prototype is only read.
class HmacSha256 {
public:
    explicit HmacSha256(std::string_view key);
    ~HmacSha256();
    HmacSha256(const HmacSha256&) = delete;
    HmacSha256& operator=(const HmacSha256&) = delete;

    std::string hex(std::string_view message) const;

private:
    evp_mac_ctx_st* prototype_;
};

// Datasette's to_css_class: `name` itself when it is a plain CSS class name; otherwise the name
// with invalid characters stripped plus "-" and the first 6 hex digits of its MD5.
std::string to_css_class(std::string_view name);

}  // namespace liteserve::api
