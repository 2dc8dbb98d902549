// SIMPLE-TLV: 1-byte and FF xx xx lengths, the refused tags, truncation, writing.
#include <catch2/catch.hpp>
#include <string>

#include "iso7816/simple_tlv.hpp"
#include "test_support.hpp"

using namespace mynasim;
using namespace mynasim::iso7816;
using test::hex;

namespace {

SimpleTlv read_ok(const Bytes& buffer) {
  const SimpleTlvRead read = read_simple_tlv(buffer);
  REQUIRE(read.error == SimpleTlvError::kNone);
  REQUIRE(read.ok());
  return read.tlv;
}

// The TLV borrows the buffer, so the buffer must outlive it: no temporaries.
SimpleTlv read_ok(Bytes&&) = delete;

SimpleTlvError read_error(const Bytes& buffer) {
  return read_simple_tlv(buffer).error;
}
SimpleTlvError read_error(std::string_view text) {
  return read_error(hex(text));
}

}  // namespace

TEST_CASE("common AP record 1: tag 01, 28 ASCII digits", "[simple-tlv]") {
  const std::string digits = "0123456789012345678901234567";
  Bytes buffer = hex("01 1C");
  buffer.insert(buffer.end(), digits.begin(), digits.end());
  buffer.push_back(0xFF);  // filler after the TLV is not part of it
  const SimpleTlv tlv = read_ok(buffer);
  CHECK(tlv.tag == 0x01);
  CHECK(tlv.header_size == 2);
  CHECK(std::string(tlv.value.begin(), tlv.value.end()) == digits);
  CHECK(tlv.value.data() == buffer.data() + 2);
}

TEST_CASE("one-byte lengths from 00 to FE", "[simple-tlv]") {
  const Bytes empty_bytes = hex("42 00");
  const SimpleTlv empty = read_ok(empty_bytes);
  CHECK(empty.tag == 0x42);
  CHECK(empty.header_size == 2);
  CHECK(empty.value.empty());
  const Bytes longest_bytes = test::concat(hex("FE FE"), test::filled(254));
  const SimpleTlv longest = read_ok(longest_bytes);
  CHECK(longest.tag == 0xFE);
  CHECK(longest.header_size == 2);
  CHECK(longest.value.size() == 254);
}

TEST_CASE("FF xx xx: three-byte length", "[simple-tlv]") {
  const Bytes buffer = test::concat(hex("01 FF 01 00"), test::filled(256));
  const SimpleTlv tlv = read_ok(buffer);
  CHECK(tlv.header_size == 4);
  CHECK(tlv.value.size() == 256);
  CHECK(Bytes(tlv.value.begin(), tlv.value.end()) == test::filled(256));
  const Bytes most_bytes = test::concat(hex("01 FF FF FF"), test::filled(65535));
  const SimpleTlv most = read_ok(most_bytes);
  CHECK(most.value.size() == 65535);
  // A length below 255 in the long form is not the writer's choice, but readable.
  const Bytes short_in_long_bytes = hex("01 FF 00 02 AA BB");
  const SimpleTlv short_in_long = read_ok(short_in_long_bytes);
  CHECK(short_in_long.header_size == 4);
  CHECK(to_hex(short_in_long.value) == "AA BB");
}

TEST_CASE("tags 00 and FF are refused", "[simple-tlv][error]") {
  CHECK(read_error("00 01 AA") == SimpleTlvError::kInvalidTag);
  CHECK(read_error("FF 01 AA") == SimpleTlvError::kInvalidTag);
  CHECK(read_error("FF") == SimpleTlvError::kInvalidTag);
}

TEST_CASE("truncated SIMPLE-TLVs", "[simple-tlv][error]") {
  CHECK(read_error(Bytes{}) == SimpleTlvError::kEmpty);
  CHECK(read_error("01") == SimpleTlvError::kLengthTruncated);
  CHECK(read_error("01 FF") == SimpleTlvError::kLengthTruncated);
  CHECK(read_error("01 FF 01") == SimpleTlvError::kLengthTruncated);
  CHECK(read_error("01 01") == SimpleTlvError::kValueTruncated);
  CHECK(read_error("01 03 AA BB") == SimpleTlvError::kValueTruncated);
  CHECK(read_error(test::concat(hex("01 FF 01 00"), test::filled(255))) ==
        SimpleTlvError::kValueTruncated);
}

TEST_CASE("write_simple_tlv picks the length form", "[simple-tlv][write]") {
  Bytes out{0xEE};
  REQUIRE(write_simple_tlv(out, 0x01, hex("AA BB")));
  CHECK(to_hex(out) == "EE 01 02 AA BB");

  Bytes b254;
  REQUIRE(write_simple_tlv(b254, 0x02, test::filled(254)));
  CHECK(b254 == test::concat(hex("02 FE"), test::filled(254)));

  Bytes b255;
  REQUIRE(write_simple_tlv(b255, 0x02, test::filled(255)));
  CHECK(b255 == test::concat(hex("02 FF 00 FF"), test::filled(255)));

  Bytes b65535;
  REQUIRE(write_simple_tlv(b65535, 0x02, test::filled(65535)));
  CHECK(b65535 == test::concat(hex("02 FF FF FF"), test::filled(65535)));
  CHECK(read_ok(b65535).value.size() == 65535);
}

TEST_CASE("write_simple_tlv refuses what cannot be coded and appends nothing",
          "[simple-tlv][write]") {
  Bytes out{0xEE};
  CHECK_FALSE(write_simple_tlv(out, 0x01, test::filled(65536)));
  CHECK_FALSE(write_simple_tlv(out, 0x00, hex("AA")));
  CHECK_FALSE(write_simple_tlv(out, 0xFF, hex("AA")));
  CHECK(out == Bytes{0xEE});
}

TEST_CASE("every SimpleTlvError has its own description", "[simple-tlv][error]") {
  test::check_descriptions(SimpleTlvError::kValueTruncated);
}
