// The divergence rules of `mynasim replay` (tools/mynasim/replay_compare): exact where the card's
// answer is fixed, by shape where it depends on the card's keys or randomness.
#include <catch2/catch.hpp>

#include "tools/mynasim/replay_compare.hpp"

using namespace mynasim;
using namespace mynasim::tools::replay;
using iso7816::CommandApdu;
using iso7816::ResponseApdu;

namespace {

CommandApdu read(std::uint16_t offset, std::uint32_t ne) {
  return iso7816::make_command(0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                               static_cast<std::uint8_t>(offset), {}, ne);
}

Bytes ascii(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

}  // namespace

TEST_CASE("structure: tags and lengths, values skipped, filler and cuts shown") {
  Bytes my_number = {0xFF, 0x10, 0x0C};
  append(my_number, ascii("621498320257"));
  append(my_number, Bytes{0xFF, 0xFF});
  CHECK(structure(my_number) == "FF10[12] FF*2");
  Bytes attributes = {0xFF, 0x20, 0x0E, 0xDF, 0x21, 0x02, 0x00, 0x05, 0xDF, 0x22, 0x06};
  append(attributes, ascii("TARO Y"));
  CHECK(structure(attributes) == "FF20[14]{DF21[2] DF22[6]}");
  CHECK(structure(Bytes{0x30, 0x82, 0x04, 0x58, 0x30, 0x82}) == "30[1112]…");
}

TEST_CASE("exact rule: status word, then length, then the first differing byte") {
  const auto select = iso7816::make_command(0x00, 0xA4, 0x02, 0x0C, {0x00, 0x18});
  const auto rule = rule_for(App::kJpki, std::nullopt, select);
  CHECK(rule == Rule::kExact);
  auto d = compare(rule, select, {{}, 0x9000}, {{}, 0x6A82});
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "status word");
  CHECK(d[0].expected == "9000");
  CHECK(d[0].got == "6A82");
  CHECK(compare(rule, select, {{1, 2, 3}, 0x9000}, {{1, 2}, 0x9000})[0].expected == "3 bytes");
  d = compare(rule, select, {{1, 2, 3}, 0x9000}, {{1, 9, 3}, 0x9000});
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "bytes");
  CHECK(d[0].expected == "at offset 1: 02 03");
  CHECK(d[0].got == "at offset 1: 09 03");
}

TEST_CASE("challenges and signatures: the same length, any bytes") {
  const auto challenge = iso7816::make_command(0x00, 0x84, 0x00, 0x00, {}, 8);
  CHECK(rule_for(App::kNone, std::nullopt, challenge) == Rule::kChallenge);
  CHECK(compare(Rule::kChallenge, challenge, {Bytes(8, 1), 0x9000}, {Bytes(8, 2), 0x9000}).empty());
  CHECK(
      compare(Rule::kChallenge, challenge, {Bytes(8, 1), 0x9000}, {Bytes(7, 2), 0x9000})[0].what ==
      "length");
  const auto sign = iso7816::make_command(0x80, 0x2A, 0x00, 0x80, Bytes(51, 0), 256);
  CHECK(rule_for(App::kJpki, 0x0017, sign) == Rule::kSignature);
  CHECK(compare(Rule::kSignature, sign, {Bytes(256, 1), 0x9000}, {Bytes(256, 2), 0x9000}).empty());
}

TEST_CASE("certificates: DER shape, and a length that differs at the end of the EF is a note") {
  const auto header = read(0, 4);
  CHECK(rule_for(App::kJpki, 0x000A, header) == Rule::kCertificate);
  CHECK(rule_for(App::kJpki, 0x0006, header) == Rule::kTokenInfo);
  CHECK(rule_for(App::kText, 0x0001, header) == Rule::kStructure);
  CHECK(compare(Rule::kCertificate, header, {{0x30, 0x82, 0x04, 0x58}, 0x9000},
                {{0x30, 0x82, 0x04, 0x57}, 0x9000})
            .empty());
  auto d = compare(Rule::kCertificate, header, {{0x30, 0x82, 0x04, 0x58}, 0x9000},
                   {{0x31, 0x82, 0x04, 0x58}, 0x9000});
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "certificate");
  CHECK_FALSE(d[0].note);
  // The trace card's last chunk: 0x5C bytes; this card's certificate ends one byte earlier.
  const auto last = read(0x400, 0x5C);
  d = compare(Rule::kCertificate, last, {Bytes(0x5C, 1), 0x9000}, {Bytes(0x5B, 2), 0x9000});
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "length");
  CHECK(d[0].note);
  // A read past this card's end: 6B00 here, 9000 there.
  d = compare(Rule::kCertificate, read(0x45C, 1), {Bytes(1, 1), 0x9000}, {{}, 0x6B00});
  REQUIRE(d.size() == 1);
  CHECK(d[0].note);
  // The same status word difference on a file that is no certificate counts.
  CHECK_FALSE(compare(Rule::kExact, read(0x45C, 1), {Bytes(1, 1), 0x9000}, {{}, 0x6B00})[0].note);
}

TEST_CASE("token info: the serial number may differ, the label may not") {
  Bytes expected = ascii("JPKIAPICCTOKEN2                 ");
  expected.resize(160, 0x20);
  Bytes other_serial = expected;
  other_serial[85] = '9';
  const auto all = read(0, 0);
  CHECK(compare(Rule::kTokenInfo, all, {expected, 0x9000}, {other_serial, 0x9000}).empty());
  Bytes other_label = expected;
  other_label[6] = 'G';
  const auto d = compare(Rule::kTokenInfo, all, {expected, 0x9000}, {other_label, 0x9000});
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "bytes");
  CHECK(d[0].expected.starts_with("at offset 6: 49 43"));
}

TEST_CASE("card-info files: structure compared, values not") {
  Bytes a = {0xFF, 0x10, 0x0C};
  append(a, ascii("621498320257"));
  append(a, Bytes{0xFF, 0xFF});
  Bytes b = a;
  b[5] = '9';
  const auto cmd = read(0, 17);
  CHECK(compare(Rule::kStructure, cmd, {a, 0x9000}, {b, 0x9000}).empty());
  Bytes c = {0xFF, 0x10, 0x0B};
  append(c, ascii("62149832025"));
  append(c, Bytes{0xFF, 0xFF, 0xFF});
  const auto d = compare(Rule::kStructure, cmd, {a, 0x9000}, {c, 0x9000});
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "structure");
  CHECK(d[0].expected == "FF10[12] FF*2");
  CHECK(d[0].got == "FF10[11] FF*3");
}
