// Hex digests over OpenSSL, for the places the API names things by a hash: BLOB links
// (SHA-256, as Datasette's _blob_hash), CSS-class-safe names (MD5, as Datasette's
// to_css_class) and ETags (HMAC-SHA256 under the instance's secret).
#pragma once

#include <string>
#include <string_view>

namespace liteserve::api {

std::string sha256_hex(std::string_view bytes);
std::string md5_hex(std::string_view bytes);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Datasette's to_css_class: `name` itself when it is a plain CSS class name; otherwise the name
// with invalid characters stripped plus "-" and the first 6 hex digits of its MD5.
std::string to_css_class(std::string_view name);

}  // namespace liteserve::api
