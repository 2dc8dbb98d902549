#include "card/crypto/digest.hpp"

#include <cstdlib>

#include <mbedtls/sha256.h>

namespace mynasim::card::crypto {

std::array<std::uint8_t, 32> sha256(ByteView data) {
  std::array<std::uint8_t, 32> out{};
  // The software SHA-256 of mbedTLS cannot fail; only a hardware-accelerated replacement could.
  // A wrong hash would silently corrupt integrity checks, so a failure stops the card.
  if (mbedtls_sha256_ret(data.data(), data.size(), out.data(), 0) != 0) std::abort();
  return out;
}

ByteView sha256_digest_info_prefix() {
  // DigestInfo ::= SEQUENCE { SEQUENCE { id-sha256, NULL }, OCTET STRING (32) }, up to the hash.
  static constexpr std::uint8_t kPrefix[] = {0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60,
                                             0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                             0x01, 0x05, 0x00, 0x04, 0x20};
  return kPrefix;
}

}  // namespace mynasim::card::crypto
