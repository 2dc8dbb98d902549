#include <catch2/catch.hpp>

#include "card/crypto/rsa_key.hpp"
#include "crypto/crypto_support.hpp"

namespace mynasim::card::crypto {
namespace {

using test::card_key;

constexpr std::size_t kParts = 8;  // N, E, D, P, Q, DP, DQ, QP

std::optional<RsaPrivateKey> unseal(ByteView sealed) {
  return RsaPrivateKey::unseal(StorageAccessForTests::make(), sealed);
}

const Bytes& sealed_card_key() {
  static const Bytes sealed = card_key().seal(StorageAccessForTests::make());
  return sealed;
}

// Offsets of each part's magnitude in the sealed form, read from its length prefixes.
std::vector<std::pair<std::size_t, std::size_t>> part_spans(const Bytes& sealed) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t at = 1;
  for (std::size_t i = 0; i < kParts; ++i) {
    const std::size_t size = read_u16(sealed, at);
    spans.emplace_back(at + 2, size);
    at += 2 + size;
  }
  REQUIRE(at == sealed.size());
  return spans;
}

TEST_CASE("an unsealed key signs exactly as the original") {
  const auto restored = unseal(sealed_card_key());
  REQUIRE(restored.has_value());
  CHECK(restored->public_key().modulus == card_key().public_key().modulus);
  CHECK(restored->public_key().exponent == card_key().public_key().exponent);

  const Bytes digest_info = test::sha256_digest_info(Bytes{'s'});
  SeededRandom a(1);
  SeededRandom b(2);
  const auto original = card_key().sign_pkcs1_v15(digest_info, a);
  const auto again = restored->sign_pkcs1_v15(digest_info, b);
  REQUIRE(original.has_value());
  REQUIRE(again.has_value());
  CHECK(*again == *original);
}

TEST_CASE("the sealed form is version 1 with length-prefixed parts, N and E first") {
  const Bytes& sealed = sealed_card_key();
  REQUIRE(sealed.size() > 3);
  CHECK(sealed[0] == 0x01);
  const auto spans = part_spans(sealed);
  const auto part = [&](std::size_t i) {
    return Bytes(sealed.begin() + static_cast<std::ptrdiff_t>(spans[i].first),
                 sealed.begin() + static_cast<std::ptrdiff_t>(spans[i].first + spans[i].second));
  };
  CHECK(part(0) == card_key().public_key().modulus);
  CHECK(part(1) == Bytes{0x01, 0x00, 0x01});
  CHECK(spans[2].second <= 256);  // D
  CHECK(spans[3].second == 128);  // P
  CHECK(spans[4].second == 128);  // Q
}

TEST_CASE("unseal refuses every truncation and trailing bytes") {
  const Bytes& sealed = sealed_card_key();
  for (std::size_t size = 0; size < sealed.size(); ++size) {
    INFO("truncated to " << size);
    CHECK_FALSE(unseal(ByteView(sealed).first(size)).has_value());
  }
  Bytes longer = sealed;
  longer.push_back(0x00);
  CHECK_FALSE(unseal(longer).has_value());
}

TEST_CASE("unseal refuses garbage") {
  Bytes garbage(1200);
  SeededRandom(8).fill(garbage);
  CHECK_FALSE(unseal(garbage).has_value());

  Bytes wrong_version = sealed_card_key();
  wrong_version[0] = 0x02;
  CHECK_FALSE(unseal(wrong_version).has_value());

  // Well-formed framing around random numbers reaches the mbedTLS checks.
  Bytes framed = sealed_card_key();
  SeededRandom random(9);
  for (const auto& [offset, size] : part_spans(framed)) {
    random.fill(std::span(framed).subspan(offset, size));
  }
  CHECK_FALSE(unseal(framed).has_value());
}

TEST_CASE("unseal refuses a key with any one part damaged") {
  const auto spans = part_spans(sealed_card_key());
  for (std::size_t i = 0; i < kParts; ++i) {
    INFO("part " << i);
    Bytes damaged = sealed_card_key();
    damaged[spans[i].first + spans[i].second - 1] ^= 0x02;
    CHECK_FALSE(unseal(damaged).has_value());
  }
}

}  // namespace
}  // namespace mynasim::card::crypto
