// Command APDU decoding: every case in short and extended form from literal bytes, and every
// malformed length combination with its own error (ISO/IEC 7816-3 §12.1.3).
#include <catch2/catch.hpp>

#include "iso7816/apdu.hpp"
#include "test_support.hpp"

using namespace mynasim;
using namespace mynasim::iso7816;
using test::hex;

namespace {

const Bytes kJpkiAid = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};

// Asserts every field at once: CommandApdu's == compares them all (checked below), and a failure
// prints both commands.
void check_parsed(const Bytes& raw, const CommandApdu& expected, ApduCase apdu_case) {
  const ParsedCommand parsed = parse_command(raw);
  INFO(to_hex(raw));
  REQUIRE(parsed.error == ApduError::kNone);
  CHECK(parsed.ok());
  CHECK(parsed.command == expected);
  CHECK(parsed.command.apdu_case() == apdu_case);
}

ApduError parse_error(const Bytes& raw) {
  return parse_command(raw).error;
}
ApduError parse_error(std::string_view text) {
  return parse_error(hex(text));
}

}  // namespace

TEST_CASE("CommandApdu == compares every field", "[apdu]") {
  const CommandApdu base{.cla = 0x80,
                         .ins = 0x2A,
                         .p1 = 0x00,
                         .p2 = 0x80,
                         .data = {0x01},
                         .ne = 256,
                         .has_le = true,
                         .extended = false};
  CHECK(base == base);
  CommandApdu other = base;
  other.cla = 0x00;
  CHECK_FALSE(other == base);
  other = base;
  other.ins = 0x2B;
  CHECK_FALSE(other == base);
  other = base;
  other.p1 = 0x01;
  CHECK_FALSE(other == base);
  other = base;
  other.p2 = 0x81;
  CHECK_FALSE(other == base);
  other = base;
  other.data = {0x02};
  CHECK_FALSE(other == base);
  other = base;
  other.ne = 255;
  CHECK_FALSE(other == base);
  other = base;
  other.has_le = false;
  CHECK_FALSE(other == base);
  other = base;
  other.extended = true;
  CHECK_FALSE(other == base);
}

TEST_CASE("case 1: header only", "[apdu][parse]") {
  check_parsed(hex("00 20 00 80"), {.cla = 0x00, .ins = 0x20, .p1 = 0x00, .p2 = 0x80},
               ApduCase::k1);
}

TEST_CASE("case 2 short: one Le byte; 00 means 256", "[apdu][parse]") {
  check_parsed(hex("00 84 00 00 08"),
               {.cla = 0x00, .ins = 0x84, .p1 = 0x00, .p2 = 0x00, .ne = 8, .has_le = true},
               ApduCase::k2);
  check_parsed(hex("00 B0 81 02 00"),
               {.cla = 0x00, .ins = 0xB0, .p1 = 0x81, .p2 = 0x02, .ne = 256, .has_le = true},
               ApduCase::k2);
  check_parsed(hex("00 B0 00 00 FF"),
               {.cla = 0x00, .ins = 0xB0, .p1 = 0x00, .p2 = 0x00, .ne = 255, .has_le = true},
               ApduCase::k2);
}

TEST_CASE("case 3 short: SELECT of the JPKI AP", "[apdu][parse]") {
  check_parsed(hex("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"),
               {.cla = 0x00, .ins = 0xA4, .p1 = 0x04, .p2 = 0x0C, .data = kJpkiAid}, ApduCase::k3);
}

TEST_CASE("case 3 short: Lc FF, the longest short data field", "[apdu][parse]") {
  check_parsed(test::concat(hex("00 D6 00 00 FF"), test::filled(255, 1)),
               {.cla = 0x00, .ins = 0xD6, .p1 = 0x00, .p2 = 0x00, .data = test::filled(255, 1)},
               ApduCase::k3);
}

TEST_CASE("case 4 short: Le 00 means 256", "[apdu][parse]") {
  check_parsed(hex("80 2A 00 80 03 01 02 03 00"),
               {.cla = 0x80,
                .ins = 0x2A,
                .p1 = 0x00,
                .p2 = 0x80,
                .data = {0x01, 0x02, 0x03},
                .ne = 256,
                .has_le = true},
               ApduCase::k4);
}

TEST_CASE("case 4 short: explicit Le", "[apdu][parse]") {
  check_parsed(hex("00 88 00 00 02 AA BB 10"),
               {.cla = 0x00,
                .ins = 0x88,
                .p1 = 0x00,
                .p2 = 0x00,
                .data = {0xAA, 0xBB},
                .ne = 0x10,
                .has_le = true},
               ApduCase::k4);
}

TEST_CASE("case 2 extended: 00 then a 2-byte Le", "[apdu][parse]") {
  check_parsed(hex("00 CA 01 02 00 12 34"),
               {.cla = 0x00,
                .ins = 0xCA,
                .p1 = 0x01,
                .p2 = 0x02,
                .ne = 0x1234,
                .has_le = true,
                .extended = true},
               ApduCase::k2);
}

TEST_CASE("case 2 extended: Le 0000 means 65536, 0100 means 256", "[apdu][parse]") {
  check_parsed(hex("00 CA 01 02 00 00 00"),
               {.cla = 0x00,
                .ins = 0xCA,
                .p1 = 0x01,
                .p2 = 0x02,
                .ne = 65536,
                .has_le = true,
                .extended = true},
               ApduCase::k2);
  check_parsed(hex("00 CA 01 02 00 01 00"),
               {.cla = 0x00,
                .ins = 0xCA,
                .p1 = 0x01,
                .p2 = 0x02,
                .ne = 256,
                .has_le = true,
                .extended = true},
               ApduCase::k2);
}

TEST_CASE("case 3 extended: 00, 2-byte Lc, data", "[apdu][parse]") {
  check_parsed(hex("80 A2 00 00 00 00 03 AA BB CC"),
               {.cla = 0x80,
                .ins = 0xA2,
                .p1 = 0x00,
                .p2 = 0x00,
                .data = {0xAA, 0xBB, 0xCC},
                .extended = true},
               ApduCase::k3);
}

TEST_CASE("case 3 extended: 307-byte body as in VERIFY CERT", "[apdu][parse]") {
  check_parsed(test::concat(hex("80 A2 00 00 00 01 33"), test::filled(307, 7)),
               {.cla = 0x80,
                .ins = 0xA2,
                .p1 = 0x00,
                .p2 = 0x00,
                .data = test::filled(307, 7),
                .extended = true},
               ApduCase::k3);
}

TEST_CASE("case 4 extended: 2-byte Le, 0000 means 65536", "[apdu][parse]") {
  check_parsed(hex("80 2A 00 80 00 00 02 AA BB 00 00"),
               {.cla = 0x80,
                .ins = 0x2A,
                .p1 = 0x00,
                .p2 = 0x80,
                .data = {0xAA, 0xBB},
                .ne = 65536,
                .has_le = true,
                .extended = true},
               ApduCase::k4);
  check_parsed(hex("80 2A 00 80 00 00 01 AA 01 02"),
               {.cla = 0x80,
                .ins = 0x2A,
                .p1 = 0x00,
                .p2 = 0x80,
                .data = {0xAA},
                .ne = 0x0102,
                .has_le = true,
                .extended = true},
               ApduCase::k4);
}

TEST_CASE("case 4 extended: Lc FFFF, the longest data field", "[apdu][parse]") {
  check_parsed(
      test::concat(test::concat(hex("00 DA 00 00 00 FF FF"), test::filled(65535)), hex("FF FF")),
      {.cla = 0x00,
       .ins = 0xDA,
       .p1 = 0x00,
       .p2 = 0x00,
       .data = test::filled(65535),
       .ne = 65535,
       .has_le = true,
       .extended = true},
      ApduCase::k4);
}

TEST_CASE("fewer than 4 bytes is too short", "[apdu][parse][error]") {
  CHECK(parse_error(Bytes{}) == ApduError::kTooShort);
  CHECK(parse_error("00") == ApduError::kTooShort);
  CHECK(parse_error("00 A4") == ApduError::kTooShort);
  CHECK(parse_error("00 A4 04") == ApduError::kTooShort);
  CHECK_FALSE(parse_command(hex("00 A4 04")).ok());
}

TEST_CASE("6 bytes with B1 = 00: the extended marker lacks a length byte", "[apdu][parse][error]") {
  CHECK(parse_error("00 CA 01 02 00 01") == ApduError::kExtendedLengthTruncated);
  CHECK(parse_error("00 CA 01 02 00 00") == ApduError::kExtendedLengthTruncated);
}

TEST_CASE("short Lc larger than the data carried", "[apdu][parse][error]") {
  CHECK(parse_error("00 A4 04 0C 03 AA BB") == ApduError::kLcExceedsBody);
  CHECK(parse_error("00 A4 04 0C FF AA") == ApduError::kLcExceedsBody);
  // 254 data bytes where Lc says 255: one short.
  CHECK(parse_error(test::concat(hex("00 D6 00 00 FF"), test::filled(254))) ==
        ApduError::kLcExceedsBody);
}

TEST_CASE("short form with more than one Le byte after the data", "[apdu][parse][error]") {
  CHECK(parse_error("00 A4 04 0C 02 AA BB 00 00") == ApduError::kTrailingBytes);
  CHECK(parse_error("00 A4 04 0C 01 AA 00 00 00 00") == ApduError::kTrailingBytes);
}

TEST_CASE("extended Lc 0000 is refused", "[apdu][parse][error]") {
  CHECK(parse_error("00 A4 04 0C 00 00 00 AA") == ApduError::kExtendedLcZero);
  CHECK(parse_error("00 A4 04 0C 00 00 00 00 00") == ApduError::kExtendedLcZero);
}

TEST_CASE("extended Lc larger than the data carried", "[apdu][parse][error]") {
  CHECK(parse_error("80 A2 00 00 00 00 03 AA BB") == ApduError::kExtendedLcExceedsBody);
  CHECK(parse_error("80 A2 00 00 00 01 00 AA") == ApduError::kExtendedLcExceedsBody);
}

TEST_CASE("extended case 4 with a 1-byte Le", "[apdu][parse][error]") {
  CHECK(parse_error("80 A2 00 00 00 00 02 AA BB 00") == ApduError::kExtendedLeMissingByte);
}

TEST_CASE("extended form with more than a 2-byte Le after the data", "[apdu][parse][error]") {
  CHECK(parse_error("80 A2 00 00 00 00 02 AA BB 00 00 00") == ApduError::kExtendedTrailingBytes);
  CHECK(parse_error("80 A2 00 00 00 00 01 AA 00 00 00 00") == ApduError::kExtendedTrailingBytes);
}

TEST_CASE("a malformed APDU still reports its header", "[apdu][parse][error]") {
  const ParsedCommand parsed = parse_command(hex("80 A2 01 02 00 00 03 AA BB"));
  CHECK_FALSE(parsed.ok());
  CHECK(parsed.command.cla == 0x80);
  CHECK(parsed.command.ins == 0xA2);
  CHECK(parsed.command.p1 == 0x01);
  CHECK(parsed.command.p2 == 0x02);
}

// Every length from the bare header to 3 bytes past a full case 4, for a short and an extended
// Lc, so no combination between the listed ones is left unclassified.
TEST_CASE("every body length for short Lc 3 is classified", "[apdu][parse][error]") {
  struct Expected {
    std::size_t body;
    ApduError error;
    ApduCase apdu_case;
  };
  const Expected table[] = {
      {0, ApduError::kNone, ApduCase::k1},          {1, ApduError::kNone, ApduCase::k2},
      {2, ApduError::kLcExceedsBody, ApduCase::k1}, {3, ApduError::kLcExceedsBody, ApduCase::k1},
      {4, ApduError::kNone, ApduCase::k3},          {5, ApduError::kNone, ApduCase::k4},
      {6, ApduError::kTrailingBytes, ApduCase::k1}, {7, ApduError::kTrailingBytes, ApduCase::k1},
  };
  const Bytes full = hex("00 D6 00 00 03 11 22 33 44 55 66");
  for (const Expected& row : table) {
    INFO("body length " << row.body);
    const ParsedCommand parsed = parse_command(ByteView(full).first(4 + row.body));
    CHECK(parsed.error == row.error);
    if (row.error == ApduError::kNone) CHECK(parsed.command.apdu_case() == row.apdu_case);
  }
}

TEST_CASE("every body length for extended Lc 2 is classified", "[apdu][parse][error]") {
  struct Expected {
    std::size_t body;
    ApduError error;
    ApduCase apdu_case;
  };
  const Expected table[] = {
      {1, ApduError::kNone, ApduCase::k2},
      {2, ApduError::kExtendedLengthTruncated, ApduCase::k1},
      {3, ApduError::kNone, ApduCase::k2},
      {4, ApduError::kExtendedLcExceedsBody, ApduCase::k1},
      {5, ApduError::kNone, ApduCase::k3},
      {6, ApduError::kExtendedLeMissingByte, ApduCase::k1},
      {7, ApduError::kNone, ApduCase::k4},
      {8, ApduError::kExtendedTrailingBytes, ApduCase::k1},
      {9, ApduError::kExtendedTrailingBytes, ApduCase::k1},
  };
  const Bytes full = hex("00 D6 00 00 00 00 02 11 22 33 44 55 66");
  for (const Expected& row : table) {
    INFO("body length " << row.body);
    const ParsedCommand parsed = parse_command(ByteView(full).first(4 + row.body));
    CHECK(parsed.error == row.error);
    if (row.error == ApduError::kNone) CHECK(parsed.command.apdu_case() == row.apdu_case);
  }
}

TEST_CASE("every ApduError has its own description", "[apdu][error]") {
  test::check_descriptions(ApduError::kNeZero);
}
