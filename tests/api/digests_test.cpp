// Digest helpers against published test vectors (FIPS 180 / RFC 4231 / RFC 1321).
#include "api/digests.h"

#include <doctest/doctest.h>

#include <string>

using namespace liteserve::api;

TEST_CASE("sha256_hex and md5_hex: known answers") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
}

TEST_CASE("HmacSha256: RFC 4231 vectors, and the prepared key serves many messages") {
    HmacSha256 mac(std::string(20, '\x0b'));
    CHECK(mac.hex("Hi There") == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(mac.hex("Hi There") == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    HmacSha256 jefe("Jefe");
    CHECK(jefe.hex("what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}
