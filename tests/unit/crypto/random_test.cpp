#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include "card/env.hpp"
#include "crypto/crypto_support.hpp"

namespace mynasim::card {
namespace {

Bytes draw(Random& random, std::size_t size) {
  Bytes out(size);
  random.fill(out);
  return out;
}

// The stream's definition, built independently: seed and block index, 8 bytes big-endian each.
Bytes expected_block(std::uint64_t seed, std::uint64_t index) {
  Bytes input;
  for (std::uint64_t v : {seed, index}) {
    for (int shift = 56; shift >= 0; shift -= 8)
      input.push_back(static_cast<std::uint8_t>(v >> shift));
  }
  return crypto::test::openssl_sha256(input);
}

bool all_zero(ByteView bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

TEST_CASE("SeededRandom gives the same bytes for the same seed") {
  SeededRandom a(42);
  SeededRandom b(42);
  SeededRandom c(43);
  const Bytes from_a = draw(a, 100);
  CHECK(from_a == draw(b, 100));
  CHECK(from_a != draw(c, 100));
}

TEST_CASE("SeededRandom is SHA-256(seed || counter), checked with OpenSSL") {
  constexpr std::uint64_t kSeed = 0x0123456789ABCDEF;
  SeededRandom random(kSeed);
  const Bytes out = draw(random, 70);
  const Bytes block0 = expected_block(kSeed, 0);
  const Bytes block1 = expected_block(kSeed, 1);
  const Bytes block2 = expected_block(kSeed, 2);
  CHECK(Bytes(out.begin(), out.begin() + 8) == Bytes(block0.begin(), block0.begin() + 8));
  CHECK(Bytes(out.begin(), out.begin() + 32) == block0);
  CHECK(Bytes(out.begin() + 32, out.begin() + 64) == block1);
  CHECK(Bytes(out.begin() + 64, out.end()) == Bytes(block2.begin(), block2.begin() + 6));
}

TEST_CASE("SeededRandom is one stream however the reads are split") {
  SeededRandom whole(5);
  SeededRandom pieces(5);
  const Bytes expected = draw(whole, 100);
  Bytes joined;
  for (std::size_t size : {1, 30, 2, 0, 33, 34}) {
    const Bytes piece = draw(pieces, size);
    joined.insert(joined.end(), piece.begin(), piece.end());
  }
  CHECK(joined == expected);
}

TEST_CASE("system_random fills the whole buffer with fresh bytes") {
  Random& random = system_random();
  Bytes big(1 << 20);
  random.fill(big);
  // A short read would leave the zero-initialized tail in place.
  CHECK_FALSE(all_zero(ByteView(big).last(32)));
  CHECK(draw(random, 32) != draw(random, 32));
}

TEST_CASE("system_clock reads the wall clock") {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::uint64_t read = system_clock().unix_seconds();
  CHECK(read >= static_cast<std::uint64_t>(now));
  CHECK(read <= static_cast<std::uint64_t>(now) + 5);
}

}  // namespace
}  // namespace mynasim::card
