// Command APDU encoding byte for byte, the choice between short and extended form, the builder's
// refusals, the parse/build round trip, and response APDUs.
#include <catch2/catch.hpp>

#include "iso7816/apdu.hpp"
#include "test_support.hpp"

using namespace mynasim;
using namespace mynasim::iso7816;
using test::hex;

namespace {

CommandApdu command(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
                    Bytes data = {}) {
  CommandApdu c;
  c.cla = cla;
  c.ins = ins;
  c.p1 = p1;
  c.p2 = p2;
  c.data = std::move(data);
  return c;
}

CommandApdu with_le(CommandApdu c, std::uint32_t ne) {
  c.has_le = true;
  c.ne = ne;
  return c;
}

std::string built_hex(const CommandApdu& c) {
  ApduError error = ApduError::kTooShort;  // anything but kNone, to see that it is overwritten
  const std::optional<Bytes> built = build_command(c, &error);
  REQUIRE(built.has_value());
  CHECK(error == ApduError::kNone);
  return to_hex(*built);
}

ApduError build_error(const CommandApdu& c) {
  ApduError error = ApduError::kNone;
  const std::optional<Bytes> built = build_command(c, &error);
  CHECK_FALSE(built.has_value());
  return error;
}

}  // namespace

TEST_CASE("build case 1", "[apdu][build]") {
  CHECK(built_hex(command(0x00, 0x20, 0x00, 0x80)) == "00 20 00 80");
}

TEST_CASE("build case 1 ignores ne without Le and the extended flag", "[apdu][build]") {
  CommandApdu c = command(0x00, 0x20, 0x00, 0x80);
  c.ne = 5;
  c.extended = true;
  CHECK(built_hex(c) == "00 20 00 80");
}

TEST_CASE("build case 2 short", "[apdu][build]") {
  CHECK(built_hex(with_le(command(0x00, 0x84, 0x00, 0x00), 8)) == "00 84 00 00 08");
  CHECK(built_hex(with_le(command(0x00, 0xB0, 0x00, 0x00), 255)) == "00 B0 00 00 FF");
  CHECK(built_hex(with_le(command(0x00, 0xB0, 0x00, 0x00), 256)) == "00 B0 00 00 00");
}

TEST_CASE("build case 3 short", "[apdu][build]") {
  CHECK(built_hex(command(0x00, 0xA4, 0x02, 0x0C, {0x00, 0x0A})) == "00 A4 02 0C 02 00 0A");
}

TEST_CASE("build case 4 short", "[apdu][build]") {
  CHECK(built_hex(with_le(command(0x80, 0x2A, 0x00, 0x80, {0x01, 0x02, 0x03}), 256)) ==
        "80 2A 00 80 03 01 02 03 00");
  CHECK(built_hex(with_le(command(0x00, 0x88, 0x00, 0x00, {0xAA}), 0x10)) ==
        "00 88 00 00 01 AA 10");
}

TEST_CASE("Nc 255 and Ne 256 still fit the short form", "[apdu][build]") {
  const std::optional<Bytes> built =
      build_command(with_le(command(0x00, 0xD6, 0x00, 0x00, test::filled(255)), 256));
  REQUIRE(built.has_value());
  const Bytes expected =
      test::concat(test::concat(hex("00 D6 00 00 FF"), test::filled(255)), hex("00"));
  CHECK(*built == expected);
}

TEST_CASE("Nc 256 switches to the extended form", "[apdu][build]") {
  const std::optional<Bytes> built =
      build_command(command(0x00, 0xD6, 0x00, 0x00, test::filled(256)));
  REQUIRE(built.has_value());
  CHECK(*built == test::concat(hex("00 D6 00 00 00 01 00"), test::filled(256)));
}

TEST_CASE("Nc 256 with Le: Le is extended too", "[apdu][build]") {
  const std::optional<Bytes> built =
      build_command(with_le(command(0x00, 0xD6, 0x00, 0x00, test::filled(256)), 256));
  REQUIRE(built.has_value());
  const Bytes expected =
      test::concat(test::concat(hex("00 D6 00 00 00 01 00"), test::filled(256)), hex("01 00"));
  CHECK(*built == expected);
}

TEST_CASE("Ne 257 switches to the extended form", "[apdu][build]") {
  CHECK(built_hex(with_le(command(0x00, 0xCA, 0x01, 0x02), 257)) == "00 CA 01 02 00 01 01");
  CHECK(built_hex(with_le(command(0x80, 0x2A, 0x00, 0x80, {0xAA}), 257)) ==
        "80 2A 00 80 00 00 01 AA 01 01");
}

TEST_CASE("Ne 65536 is coded as extended Le 0000", "[apdu][build]") {
  CHECK(built_hex(with_le(command(0x00, 0xCA, 0x01, 0x02), 65536)) == "00 CA 01 02 00 00 00");
  CHECK(built_hex(with_le(command(0x80, 0x2A, 0x00, 0x80, {0xAA, 0xBB}), 65536)) ==
        "80 2A 00 80 00 00 02 AA BB 00 00");
}

TEST_CASE("the extended flag forces the extended form for small lengths", "[apdu][build]") {
  CommandApdu c2 = with_le(command(0x00, 0xCA, 0x01, 0x02), 256);
  c2.extended = true;
  CHECK(built_hex(c2) == "00 CA 01 02 00 01 00");
  CommandApdu c3 = command(0x80, 0xA2, 0x00, 0x00, {0xAA, 0xBB, 0xCC});
  c3.extended = true;
  CHECK(built_hex(c3) == "80 A2 00 00 00 00 03 AA BB CC");
  CommandApdu c4 = with_le(command(0x80, 0x2A, 0x00, 0x80, {0xAA, 0xBB}), 2);
  c4.extended = true;
  CHECK(built_hex(c4) == "80 2A 00 80 00 00 02 AA BB 00 02");
}

TEST_CASE("Nc 65535 is the most the builder codes", "[apdu][build]") {
  const std::optional<Bytes> built =
      build_command(command(0x00, 0xDA, 0x00, 0x00, test::filled(65535)));
  REQUIRE(built.has_value());
  CHECK(*built == test::concat(hex("00 DA 00 00 00 FF FF"), test::filled(65535)));
  CHECK(build_error(command(0x00, 0xDA, 0x00, 0x00, test::filled(65536))) ==
        ApduError::kDataTooLong);
}

TEST_CASE("Ne above 65536 is refused", "[apdu][build]") {
  CHECK(build_error(with_le(command(0x00, 0xCA, 0x01, 0x02), 65537)) == ApduError::kNeTooLarge);
  CHECK(build_error(with_le(command(0x00, 0xCA, 0x01, 0x02, {0x01}), 0xFFFFFFFF)) ==
        ApduError::kNeTooLarge);
}

TEST_CASE("an Le with Ne 0 has no coding and is refused", "[apdu][build]") {
  CHECK(build_error(with_le(command(0x00, 0xB0, 0x00, 0x00), 0)) == ApduError::kNeZero);
}

TEST_CASE("build_command works without an error pointer", "[apdu][build]") {
  CHECK(build_command(with_le(command(0x00, 0xCA, 0x01, 0x02), 65537)) == std::nullopt);
  CHECK(build_command(command(0x00, 0x20, 0x00, 0x80)) == hex("00 20 00 80"));
}

TEST_CASE("parse(build(x)) == x over the length boundaries", "[apdu][build][parse]") {
  const std::size_t ncs[] = {0, 1, 255, 256, 65535};
  const std::uint32_t nes[] = {0, 1, 255, 256, 257, 65535, 65536};  // 0: no Le
  for (const std::size_t nc : ncs) {
    for (const std::uint32_t ne : nes) {
      for (const bool extended : {false, true}) {
        CommandApdu x = command(0x80, 0x2A, 0x9E, 0x9A, test::filled(nc, 0x5A));
        x.has_le = ne != 0;
        x.ne = ne;
        // The canonical form: what the parser reports for the bytes the builder chose.
        x.extended = (extended || nc > kMaxShortNc || ne > kMaxShortNe) && (nc != 0 || ne != 0);
        INFO(Catch::StringMaker<CommandApdu>::convert(x));
        const std::optional<Bytes> built = build_command(x);
        REQUIRE(built.has_value());
        const ParsedCommand parsed = parse_command(*built);
        REQUIRE(parsed.ok());
        CHECK(parsed.command == x);
      }
    }
  }
}

TEST_CASE("build(parse(bytes)) == bytes for well-formed APDUs", "[apdu][build][parse]") {
  const char* vectors[] = {
      "00 20 00 80",
      "00 B0 81 02 00",
      "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01",
      "80 2A 00 80 03 01 02 03 00",
      "00 CA 01 02 00 00 00",
      "00 CA 01 02 00 00 05",
      "80 A2 00 00 00 00 03 AA BB CC",
      "80 2A 00 80 00 00 02 AA BB 00 00",
  };
  for (const char* text : vectors) {
    INFO(text);
    const ParsedCommand parsed = parse_command(hex(text));
    REQUIRE(parsed.ok());
    const std::optional<Bytes> built = build_command(parsed.command);
    REQUIRE(built.has_value());
    CHECK(to_hex(*built) == text);
  }
}

TEST_CASE("response APDU: data and status word", "[apdu][response]") {
  const std::optional<ResponseApdu> r = parse_response(hex("01 02 63 C2"));
  REQUIRE(r.has_value());
  CHECK(r->data == Bytes{0x01, 0x02});
  CHECK(r->sw == 0x63C2);
  CHECK(r->sw1() == 0x63);
  CHECK(r->sw2() == 0xC2);
  CHECK_FALSE(r->ok());
  CHECK(to_hex(r->to_bytes()) == "01 02 63 C2");
}

TEST_CASE("response APDU: status word only", "[apdu][response]") {
  const std::optional<ResponseApdu> r = parse_response(hex("90 00"));
  REQUIRE(r.has_value());
  CHECK(r->data.empty());
  CHECK(r->sw == 0x9000);
  CHECK(r->ok());
  CHECK(to_hex(r->to_bytes()) == "90 00");
}

TEST_CASE("response APDU shorter than a status word", "[apdu][response]") {
  CHECK_FALSE(parse_response(Bytes{}).has_value());
  CHECK_FALSE(parse_response(hex("90")).has_value());
}
