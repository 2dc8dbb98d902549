#include "card/crypto/digest.hpp"

#include <catch2/catch.hpp>

#include "crypto/crypto_support.hpp"

namespace mynasim::card::crypto {
namespace {

Bytes as_bytes(const std::array<std::uint8_t, 32>& hash) {
  return Bytes(hash.begin(), hash.end());
}

TEST_CASE("sha256 matches the FIPS 180-2 vectors") {
  const std::uint8_t abc[] = {'a', 'b', 'c'};
  CHECK(as_bytes(sha256(abc)) == Bytes{0xBA, 0x78, 0x16, 0xBF, 0x8F, 0x01, 0xCF, 0xEA,
                                       0x41, 0x41, 0x40, 0xDE, 0x5D, 0xAE, 0x22, 0x23,
                                       0xB0, 0x03, 0x61, 0xA3, 0x96, 0x17, 0x7A, 0x9C,
                                       0xB4, 0x10, 0xFF, 0x61, 0xF2, 0x00, 0x15, 0xAD});
  CHECK(as_bytes(sha256({})) == Bytes{0xE3, 0xB0, 0xC4, 0x42, 0x98, 0xFC, 0x1C, 0x14,
                                      0x9A, 0xFB, 0xF4, 0xC8, 0x99, 0x6F, 0xB9, 0x24,
                                      0x27, 0xAE, 0x41, 0xE4, 0x64, 0x9B, 0x93, 0x4C,
                                      0xA4, 0x95, 0x99, 0x1B, 0x78, 0x52, 0xB8, 0x55});
}

TEST_CASE("sha256 agrees with OpenSSL over many blocks") {
  Bytes data(1000);
  SeededRandom random(7);
  random.fill(data);
  CHECK(as_bytes(sha256(data)) == test::openssl_sha256(data));
}

TEST_CASE("the SHA-256 DigestInfo prefix is the RFC 8017 one") {
  const ByteView prefix = sha256_digest_info_prefix();
  CHECK(Bytes(prefix.begin(), prefix.end()) == Bytes{0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86,
                                                     0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
                                                     0x00, 0x04, 0x20});
}

}  // namespace
}  // namespace mynasim::card::crypto
