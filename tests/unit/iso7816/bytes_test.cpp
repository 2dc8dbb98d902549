// Hex conversion, big-endian helpers and the secret wipe.
#include <catch2/catch.hpp>

#include "iso7816/bytes.hpp"
#include "test_support.hpp"

using namespace mynasim;

TEST_CASE("to_hex: upper case, one space between bytes", "[bytes]") {
  CHECK(to_hex(Bytes{0x00, 0xA4, 0x04, 0x0C}) == "00 A4 04 0C");
  CHECK(to_hex(Bytes{0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF}) == "01 23 45 67 89 AB CD EF");
  CHECK(to_hex(Bytes{0xFF}) == "FF");
  CHECK(to_hex(Bytes{}).empty());
}

TEST_CASE("to_hex: other separator, or none", "[bytes]") {
  CHECK(to_hex(Bytes{0xDE, 0xAD, 0xBE, 0xEF}, ':') == "DE:AD:BE:EF");
  CHECK(to_hex(Bytes{0xDE, 0xAD, 0xBE, 0xEF}, '\0') == "DEADBEEF");
}

TEST_CASE("to_hex of a 16-bit value: four digits, leading zeros kept", "[bytes]") {
  CHECK(to_hex(std::uint16_t{0x001B}) == "001B");
  CHECK(to_hex(std::uint16_t{0xDF21}) == "DF21");
  CHECK(to_hex(std::uint16_t{0}) == "0000");
}

TEST_CASE("from_hex: either case, with or without separators", "[bytes]") {
  Bytes out;
  REQUIRE(from_hex("00 a4 04 0C", out));
  CHECK(out == Bytes{0x00, 0xA4, 0x04, 0x0C});
  REQUIRE(from_hex("DEADbeef", out));
  CHECK(out == Bytes{0xDE, 0xAD, 0xBE, 0xEF});
  REQUIRE(from_hex("01:23:45:67:89:ab:cd:ef", out));
  CHECK(out == Bytes{0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF});
  REQUIRE(from_hex("01  23 :45", out));
  CHECK(out == Bytes{0x01, 0x23, 0x45});
}

TEST_CASE("from_hex: empty text is no bytes", "[bytes]") {
  Bytes out{0x42};
  REQUIRE(from_hex("", out));
  CHECK(out.empty());
}

TEST_CASE("from_hex refuses anything else and leaves out untouched", "[bytes]") {
  const char* bad[] = {
      "0",       // odd digit count
      "0A4",     // odd digit count
      "0 0",     // separator inside a byte
      "GG",      // not hex
      "0x00",    // no prefixes
      " 00",     // leading separator
      "00 ",     // trailing separator
      "00\t01",  // only spaces and colons separate
      "00-01",   // likewise
  };
  for (const char* text : bad) {
    INFO('"' << text << '"');
    Bytes out{0x42};
    CHECK_FALSE(from_hex(text, out));
    CHECK(out == Bytes{0x42});
  }
}

TEST_CASE("to_hex and from_hex round trip every byte value", "[bytes]") {
  Bytes all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  Bytes back;
  REQUIRE(from_hex(to_hex(all), back));
  CHECK(back == all);
}

TEST_CASE("append, append_u16 and read_u16 are big-endian", "[bytes]") {
  Bytes out{0x01};
  append(out, Bytes{0x02, 0x03});
  append_u16(out, 0xFFFE);
  CHECK(out == Bytes{0x01, 0x02, 0x03, 0xFF, 0xFE});
  CHECK(read_u16(out, 3) == 0xFFFE);
  CHECK(read_u16(out, 0) == 0x0102);
}

TEST_CASE("secure_wipe zeroes the whole buffer and nothing else", "[bytes]") {
  Bytes buffer(10, 0xAA);
  secure_wipe(std::span<std::uint8_t>(buffer).subspan(2, 6));
  CHECK(buffer == Bytes{0xAA, 0xAA, 0, 0, 0, 0, 0, 0, 0xAA, 0xAA});
  secure_wipe(buffer);
  CHECK(buffer == Bytes(10, 0));
  secure_wipe(std::span<std::uint8_t>());  // an empty span is fine
}
