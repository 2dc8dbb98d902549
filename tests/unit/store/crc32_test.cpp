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
