// itsdangerous's URLSafeSerializer, the signing behind Datasette's sign()/unsign(): JSON text
// made URL-safe (zlib-compressed when that is shorter) and signed with HMAC-SHA1 under a key
// derived from the secret and a salt (Datasette's "namespace"). Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace liteserve::auth {

// "<payload>.<signature>": the payload is base64url(json), or "." + base64url(zlib(json))
// when compressing saves more than one byte; the signature is base64url(HMAC-SHA1).
std::string sign_json(std::string_view secret, std::string_view salt, std::string_view json);
// The JSON text of a signed value whose signature matches (compared in constant time);
// nullopt for a wrong signature, a malformed value or a payload that does not decode.
std::optional<std::string> unsign_json(std::string_view secret, std::string_view salt, std::string_view signed_value);
// A JSON string as itsdangerous's _CompactJSON writes it (json.dumps, ensure_ascii=False):
// only '"', '\\' and control characters escaped, the latter as \n, \t … or lower-case \u00xx;
// other text stays UTF-8. Signed values must be built from these bytes to match Datasette's.
std::string compact_json_string(std::string_view text);
// A fresh random secret (32 bytes as 64 hex digits), Datasette's choice when none is given.
std::string random_secret();

}  // namespace liteserve::auth
