// Base64url (RFC 4648 §5 alphabet) without padding, the encoding itsdangerous uses for the
// payload and the signature of a signed value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace liteserve::auth {

// Encodes bytes with '-' and '_' and no trailing '='.
std::string base64url_encode(std::string_view bytes);
// Decodes text with or without '=' padding; nullopt for a character outside the alphabet or
// a length no encoder produces.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace liteserve::auth
