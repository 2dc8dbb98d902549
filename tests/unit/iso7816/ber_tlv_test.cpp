// BER-TLV: multi-byte tags, the length forms, truncation, indefinite length, header-only reads,
// iteration and writing.
#include <catch2/catch.hpp>
#include <string>

#include "iso7816/ber_tlv.hpp"
#include "test_support.hpp"

using namespace mynasim;
using namespace mynasim::iso7816;
using test::hex;

namespace {

BerTlv read_ok(const Bytes& buffer) {
  const BerRead read = read_ber_tlv(buffer);
  REQUIRE(read.error == BerError::kNone);
  REQUIRE(read.ok());
  return read.tlv;
}

// The TLV borrows the buffer, so the buffer must outlive it: no temporaries.
BerTlv read_ok(Bytes&&) = delete;

BerError read_error(const Bytes& buffer) {
  return read_ber_tlv(buffer).error;
}
BerError read_error(std::string_view text) {
  return read_error(hex(text));
}

std::string written(void (*write)(Bytes&, std::size_t), std::size_t value) {
  Bytes out;
  write(out, value);
  return to_hex(out);
}

std::string tag_hex(std::uint32_t tag) {
  Bytes out;
  write_ber_tag(out, tag);
  return to_hex(out);
}

}  // namespace

TEST_CASE("one-byte tag, short length", "[ber]") {
  const Bytes buffer = hex("02 01 05 FF");
  const BerTlv tlv = read_ok(buffer);
  CHECK(tlv.tag == 0x02);
  CHECK(tlv.header_size == 2);
  CHECK(tlv.value.size() == 1);
  CHECK(tlv.value.data() == buffer.data() + 2);  // borrowed, not copied
  CHECK(tlv.total_size() == 3);
  CHECK_FALSE(tlv.constructed());
}

// Tag, header size, value and the constructed bit for each tag form the card and X.509 use.
TEST_CASE("one- to four-byte tags", "[ber]") {
  struct Vector {
    const char* bytes;
    std::uint32_t tag;
    std::size_t header_size;
    const char* value;
    bool constructed;
  };
  const Vector vectors[] = {
      {"30 03 02 01 05", 0x30, 2, "02 01 05", true},       // SEQUENCE
      {"7F 21 03 AA BB CC", 0x7F21, 3, "AA BB CC", true},  // CV certificate
      {"DF 22 01 00", 0xDF22, 3, "00", false},             // private, primitive
      {"5F 4E 02 12 34", 0x5F4E, 3, "12 34", false},       // application, primitive
      {"5F 81 01 00", 0x5F8101, 4, "", false},             // three tag bytes
      {"7F 81 82 03 01 AA", 0x7F818203, 5, "AA", true},    // four tag bytes
      {"1F 00 00", 0x1F00, 3, "", false},                  // a second byte without bit 8
  };
  for (const Vector& v : vectors) {
    INFO(v.bytes);
    const Bytes buffer = hex(v.bytes);
    const BerTlv tlv = read_ok(buffer);
    CHECK(tlv.tag == v.tag);
    CHECK(tlv.header_size == v.header_size);
    CHECK(to_hex(tlv.value) == v.value);
    CHECK(tlv.constructed() == v.constructed);
    CHECK(tlv.total_size() == buffer.size());
  }
}

TEST_CASE("a tag of more than 4 bytes is refused", "[ber][error]") {
  CHECK(read_error("7F 81 82 83 04 00") == BerError::kTagTooLong);
  CHECK(read_error("7F 81 82 83") == BerError::kTagTooLong);  // already too long, ended or not
}

TEST_CASE("length form 81: one length byte", "[ber]") {
  const Bytes buffer = test::concat(hex("04 81 80"), test::filled(128));
  const BerTlv tlv = read_ok(buffer);
  CHECK(tlv.header_size == 3);
  CHECK(tlv.value.size() == 128);
  CHECK(tlv.total_size() == 131);
  // Not the shortest form, but valid BER: accepted.
  const Bytes long_form = hex("04 81 02 AA BB");
  CHECK(read_ok(long_form).value.size() == 2);
}

TEST_CASE("length form 82: two length bytes", "[ber]") {
  const Bytes buffer = test::concat(hex("04 82 01 00"), test::filled(256));
  const BerTlv tlv = read_ok(buffer);
  CHECK(tlv.header_size == 4);
  CHECK(tlv.value.size() == 256);
  CHECK(tlv.total_size() == 260);
}

TEST_CASE("length form 83: three length bytes", "[ber]") {
  const Bytes buffer = test::concat(hex("04 83 01 00 01"), test::filled(65537));
  const BerTlv tlv = read_ok(buffer);
  CHECK(tlv.header_size == 5);
  CHECK(tlv.value.size() == 65537);
}

TEST_CASE("length form 84: four length bytes", "[ber]") {
  const Bytes buffer = hex("04 84 00 00 00 01 AA");
  const BerTlv tlv = read_ok(buffer);
  CHECK(tlv.header_size == 6);
  CHECK(to_hex(tlv.value) == "AA");
}

TEST_CASE("more than 4 length bytes are refused", "[ber][error]") {
  CHECK(read_error("04 85 00 00 00 00 01 AA") == BerError::kLengthTooLong);
  CHECK(read_error("04 FF") == BerError::kLengthTooLong);
}

TEST_CASE("indefinite length is refused", "[ber][error]") {
  CHECK(read_error("30 80 02 01 05 00 00") == BerError::kIndefiniteLength);
}

TEST_CASE("truncated tag", "[ber][error]") {
  CHECK(read_error("7F") == BerError::kTagTruncated);
  CHECK(read_error("7F 81") == BerError::kTagTruncated);
  CHECK(read_error("5F 81 82") == BerError::kTagTruncated);
}

TEST_CASE("truncated length", "[ber][error]") {
  CHECK(read_error("30") == BerError::kLengthTruncated);
  CHECK(read_error("7F 21") == BerError::kLengthTruncated);
  CHECK(read_error("30 81") == BerError::kLengthTruncated);
  CHECK(read_error("30 82 06") == BerError::kLengthTruncated);
  CHECK(read_error("30 84 00 00 01") == BerError::kLengthTruncated);
}

TEST_CASE("truncated value", "[ber][error]") {
  CHECK(read_error("30 03 01 02") == BerError::kValueTruncated);
  CHECK(read_error("30 82 06 2B") == BerError::kValueTruncated);
  CHECK(read_error("04 84 FF FF FF FF 00") == BerError::kValueTruncated);
}

TEST_CASE("empty buffer", "[ber][error]") {
  CHECK(read_error(Bytes{}) == BerError::kEmpty);
}

TEST_CASE("header-only read of a certificate's first 4 bytes", "[ber][header]") {
  std::uint32_t tag = 0;
  std::size_t header_size = 0;
  std::size_t value_length = 0;
  REQUIRE(read_ber_header(hex("30 82 06 2B"), &tag, &header_size, &value_length) ==
          BerError::kNone);
  CHECK(tag == 0x30);
  CHECK(header_size == 4);
  CHECK(value_length == 0x062B);
  CHECK(header_size + value_length == 1583);
}

TEST_CASE("header-only read of 7 bytes, and with null outputs", "[ber][header]") {
  std::size_t header_size = 0;
  std::size_t value_length = 0;
  REQUIRE(read_ber_header(hex("30 82 05 15 30 82 03"), nullptr, &header_size, &value_length) ==
          BerError::kNone);
  CHECK(header_size + value_length == 0x515 + 4);
  CHECK(read_ber_header(hex("7F 21 81 90"), nullptr, nullptr, nullptr) == BerError::kNone);
  std::uint32_t tag = 0;
  REQUIRE(read_ber_header(hex("7F 21 81 90"), &tag, nullptr, &value_length) == BerError::kNone);
  CHECK(tag == 0x7F21);
  CHECK(value_length == 0x90);
}

TEST_CASE("header-only read reports header errors and leaves outputs alone", "[ber][header]") {
  std::uint32_t tag = 7;
  std::size_t header_size = 7;
  std::size_t value_length = 7;
  CHECK(read_ber_header(hex("30 80"), &tag, &header_size, &value_length) ==
        BerError::kIndefiniteLength);
  CHECK(read_ber_header(hex("30 82 06"), &tag, &header_size, &value_length) ==
        BerError::kLengthTruncated);
  CHECK(read_ber_header(Bytes{}, &tag, &header_size, &value_length) == BerError::kEmpty);
  CHECK(tag == 7);
  CHECK(header_size == 7);
  CHECK(value_length == 7);
}

TEST_CASE("BerReader walks consecutive TLVs", "[ber][reader]") {
  const Bytes buffer = hex("01 01 AA 02 00 7F 21 02 BB CC");
  BerReader reader(buffer);
  BerTlv tlv;
  REQUIRE(reader.next(tlv));
  CHECK(tlv.tag == 0x01);
  CHECK(to_hex(tlv.value) == "AA");
  REQUIRE(reader.next(tlv));
  CHECK(tlv.tag == 0x02);
  CHECK(tlv.value.empty());
  REQUIRE(reader.next(tlv));
  CHECK(tlv.tag == 0x7F21);
  CHECK(to_hex(tlv.value) == "BB CC");
  CHECK_FALSE(reader.next(tlv));
  CHECK(reader.error() == BerError::kNone);
}

TEST_CASE("BerReader stops at a malformed TLV and says why", "[ber][reader]") {
  const Bytes buffer = hex("01 01 AA 02 05 BB 03 00");
  BerReader reader(buffer);
  BerTlv tlv;
  REQUIRE(reader.next(tlv));
  CHECK(tlv.tag == 0x01);
  CHECK_FALSE(reader.next(tlv));
  CHECK(reader.error() == BerError::kValueTruncated);
  CHECK_FALSE(reader.next(tlv));  // stays stopped
  CHECK(reader.error() == BerError::kValueTruncated);
}

TEST_CASE("BerReader::find", "[ber][reader]") {
  const Bytes buffer = hex("01 01 AA 5F 4E 01 BB 02 01 CC");
  {
    BerReader reader(buffer);
    const std::optional<BerTlv> found = reader.find(0x5F4E);
    REQUIRE(found.has_value());
    CHECK(to_hex(found->value) == "BB");
    BerTlv next;
    REQUIRE(reader.next(next));  // the search consumed up to the match, not beyond
    CHECK(next.tag == 0x02);
  }
  {
    BerReader reader(buffer);
    CHECK_FALSE(reader.find(0x4E).has_value());  // a tag's second byte is not a tag
    CHECK(reader.error() == BerError::kNone);
  }
  {
    const Bytes malformed = hex("01 01 AA 02 80");
    BerReader reader(malformed);
    CHECK_FALSE(reader.find(0x02).has_value());
    CHECK(reader.error() == BerError::kIndefiniteLength);
  }
}

TEST_CASE("BerReader over a constructed value", "[ber][reader]") {
  const Bytes buffer = hex("30 06 02 01 05 04 01 06");
  const BerTlv outer = read_ok(buffer);
  BerReader inner(outer.value);
  const std::optional<BerTlv> octets = inner.find(0x04);
  REQUIRE(octets.has_value());
  CHECK(to_hex(octets->value) == "06");
}

TEST_CASE("write_ber_tag writes the tag's significant bytes", "[ber][write]") {
  CHECK(tag_hex(0x30) == "30");
  CHECK(tag_hex(0x00) == "00");
  CHECK(tag_hex(0x7F21) == "7F 21");
  CHECK(tag_hex(0xDF22) == "DF 22");
  CHECK(tag_hex(0x5F4E) == "5F 4E");
  CHECK(tag_hex(0x5F8101) == "5F 81 01");
  CHECK(tag_hex(0x7F818203) == "7F 81 82 03");
}

TEST_CASE("write_ber_length uses the shortest definite form", "[ber][write]") {
  CHECK(written(write_ber_length, 0) == "00");
  CHECK(written(write_ber_length, 0x7F) == "7F");
  CHECK(written(write_ber_length, 0x80) == "81 80");
  CHECK(written(write_ber_length, 0xFF) == "81 FF");
  CHECK(written(write_ber_length, 0x100) == "82 01 00");
  CHECK(written(write_ber_length, 0x062B) == "82 06 2B");
  CHECK(written(write_ber_length, 0xFFFF) == "82 FF FF");
  CHECK(written(write_ber_length, 0x10000) == "83 01 00 00");
  CHECK(written(write_ber_length, 0xFFFFFF) == "83 FF FF FF");
  CHECK(written(write_ber_length, 0x1000000) == "84 01 00 00 00");
  CHECK(written(write_ber_length, 0xFFFFFFFF) == "84 FF FF FF FF");
  if constexpr (sizeof(std::size_t) > 4) {
    CHECK(written(write_ber_length, std::size_t{1} << 32) == "85 01 00 00 00 00");
  }
}

TEST_CASE("write_ber_tlv appends, and reads back", "[ber][write]") {
  Bytes out{0xEE};
  const Bytes value = test::filled(300);
  write_ber_tlv(out, 0x5F4E, value);
  CHECK(to_hex(ByteView(out).first(6)) == "EE 5F 4E 82 01 2C");
  CHECK(out.size() == 1 + 5 + 300);
  const Bytes tail(out.begin() + 1, out.end());
  const BerTlv tlv = read_ok(tail);
  CHECK(tlv.tag == 0x5F4E);
  CHECK(Bytes(tlv.value.begin(), tlv.value.end()) == value);
}

TEST_CASE("every BerError has its own description", "[ber][error]") {
  test::check_descriptions(BerError::kValueTruncated);
}
