#include "card/store/crc32.hpp"

#include <catch2/catch.hpp>

#include "store_test_support.hpp"

using mynasim::card::store::crc32;
using mynasim::card::store::test::bytes;

TEST_CASE("crc32 matches the IEEE check values", "[store][crc32]") {
  CHECK(crc32(bytes("123456789")) == 0xCBF43926u);
  CHECK(crc32(bytes("The quick brown fox jumps over the lazy dog")) == 0x414FA339u);
  CHECK(crc32(bytes({0x00})) == 0xD202EF8Du);
  CHECK(crc32({}) == 0u);
}

TEST_CASE("crc32 continues over data given in pieces", "[store][crc32]") {
  const auto whole = bytes("123456789");
  const mynasim::ByteView view(whole);
  for (std::size_t cut = 0; cut <= whole.size(); ++cut) {
    CHECK(crc32(view.subspan(cut), crc32(view.first(cut))) == 0xCBF43926u);
  }
}

// The table-driven crc32 against the definition: one bit at a time, no table. Every length from 0
// to 70 (the four-byte steps and every tail), every start offset within a word, chained at cuts.
TEST_CASE("crc32 agrees with the bitwise definition at every length and alignment",
          "[store][crc32]") {
  const auto bitwise = [](mynasim::ByteView data) {
    std::uint32_t reg = 0xFFFFFFFFu;
    for (std::uint8_t byte : data) {
      reg ^= byte;
      for (int bit = 0; bit < 8; ++bit) reg = (reg >> 1) ^ (0xEDB88320u & (0u - (reg & 1u)));
    }
    return ~reg;
  };
  mynasim::Bytes data(80);
  std::uint32_t x = 0x12345678u;
  for (auto& byte : data) {
    x = x * 1103515245u + 12345u;
    byte = static_cast<std::uint8_t>(x >> 24);
  }
  const mynasim::ByteView all(data);
  for (std::size_t start = 0; start < 4; ++start)
    for (std::size_t length = 0; length <= 70; ++length) {
      const auto piece = all.subspan(start, length);
      const std::uint32_t expected = bitwise(piece);
      INFO("start " << start << " length " << length);
      REQUIRE(crc32(piece) == expected);
      for (std::size_t cut = 0; cut <= length; cut += 3)
        REQUIRE(crc32(piece.subspan(cut), crc32(piece.first(cut))) == expected);
    }
}
