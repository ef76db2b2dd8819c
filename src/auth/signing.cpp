// HMAC-SHA1 signing with itsdangerous's "django-concat" key derivation, plus the zlib step of
// its URL-safe serializer (see pallets/itsdangerous signer.py and url_safe.py).
#include "auth/signing.h"

#include <cstdio>

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <zlib.h>

#include "auth/base64url.h"

namespace liteserve::auth {
namespace {

using Digest = std::array<unsigned char, SHA_DIGEST_LENGTH>;

// A signed payload never legitimately inflates past this; it bounds a hostile zlib bomb.
constexpr std::size_t kMaxPayloadBytes = 1 << 20;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Digest signature(std::string_view secret, std::string_view salt, std::string_view value) {
    // key = SHA1(salt + b"signer" + secret), itsdangerous's default key derivation.
    std::string material;
    material.append(salt).append("signer").append(secret);
    Digest key{};
    SHA1(bytes(material), material.size(), key.data());
    Digest mac{};
    unsigned int length = 0;
    HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), bytes(value), value.size(), mac.data(), &length);
    return mac;
}

std::string deflate(std::string_view data) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    // Python's zlib.compress(data) uses the default level; same zlib, same bytes.
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, bytes(data), static_cast<uLong>(data.size()),
                  Z_DEFAULT_COMPRESSION) != Z_OK)
        throw std::runtime_error("zlib compression failed");
    out.resize(size);
    return out;
}

std::optional<std::string> inflate(std::string_view data) {
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) return std::nullopt;
    stream.next_in = const_cast<Bytef*>(bytes(data));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    int status = Z_OK;
    while (status == Z_OK && out.size() < kMaxPayloadBytes) {
        std::array<char, 4096> chunk;
        stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
        stream.avail_out = chunk.size();
        status = ::inflate(&stream, Z_NO_FLUSH);
        out.append(chunk.data(), chunk.size() - stream.avail_out);
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END) return std::nullopt;
    return out;
}

std::optional<std::string> load_payload(std::string_view payload) {
    bool compressed = !payload.empty() && payload.front() == '.';
    if (compressed) payload.remove_prefix(1);
    auto decoded = base64url_decode(payload);
    if (!decoded || !compressed) return decoded;
    return inflate(*decoded);
}

}  // namespace

std::string sign_json(std::string_view secret, std::string_view salt, std::string_view json) {
    std::string compressed = deflate(json);
    std::string value = compressed.size() + 1 < json.size() ? "." + base64url_encode(compressed) : base64url_encode(json);
    Digest mac = signature(secret, salt, value);
    return value + "." + base64url_encode({reinterpret_cast<const char*>(mac.data()), mac.size()});
}

std::optional<std::string> unsign_json(std::string_view secret, std::string_view salt, std::string_view signed_value) {
    auto dot = signed_value.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    std::string_view value = signed_value.substr(0, dot);
    auto given = base64url_decode(signed_value.substr(dot + 1));
    Digest expected = signature(secret, salt, value);
    if (!given || given->size() != expected.size() || CRYPTO_memcmp(given->data(), expected.data(), expected.size()) != 0)
        return std::nullopt;
    return load_payload(value);
}

std::string random_secret() {
    std::array<unsigned char, 32> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
        throw std::runtime_error("cannot generate a random secret (OpenSSL RAND_bytes failed)");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : random) {
        hex += kHex[b >> 4];
        hex += kHex[b & 0xf];
    }
    return hex;
}

std::string compact_json_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + '"';
}

}  // namespace liteserve::auth
