// Datasette's tilde encoding for names and keys in URL paths (e.g. "a/b.c" ↔ "a~2Fb~2Ec").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liteserve::api {

// Encodes every byte outside [A-Za-z0-9_-] as ~XX (upper-case hex); a space becomes '+'.
std::string tilde_encode(std::string_view text);
// Reverses tilde_encode: ~XX → byte, '+' → space. Returns the input unchanged when it has
// an invalid ~ sequence (Datasette treats such names literally).
std::string tilde_decode(std::string_view text);

// Datasette's urlsafe_components: a _next token or a row's key path ("a~2Fb,c") split on its
// commas, each part tilde-decoded, so an encoded comma (~2C) stays inside its value.
std::vector<std::string> urlsafe_components(std::string_view text);

}  // namespace liteserve::api
