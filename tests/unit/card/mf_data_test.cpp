// The MF level of the physical card: GET DATA objects (myna-card mf.rs) with its extended-Le rule,
// and which DF a short prefix selects (the probes themselves: prefix_select_test.cpp).
#include <catch2/catch.hpp>

#include "card_info_fixture.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

std::string ascii_hex(std::string_view s) {
  return to_hex(ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

}  // namespace

TEST_CASE("GET DATA at the MF level: the issuer's objects, the profile's ATR and CRD",
          "[card-info][mf][get-data]") {
  TestCard t;
  CHECK(t.tx("00 CA 00 F0 00") == ascii_hex(kMunicipality) + " 90 00");
  CHECK(t.tx("00 CA 00 F2 00") == ascii_hex(kExpiry) + " 90 00");
  CHECK(t.tx("00 CA 00 45 00") == ascii_hex(kCardSerial) + " 90 00");
  CHECK(t.tx("00 CA 00 F2 04") == "32 30 33 35 90 00");  // Le shorter: the first Le bytes
  CHECK(t.tx("00 CA 5F 51 00") == "E0 00 FF 81 31 FE 45 14 90 00");
  CHECK(t.tx("00 CA 00 66 00").substr(0, 26) == "73 2F 06 07 2A 86 48 86 FC");
  CHECK(t.sw("00 CA 00 42 00") == "90 00");
  CHECK(t.sw("00 CA 00 F7 00") == "90 00");
}

TEST_CASE("GET DATA: a CV certificate needs an extended Le; a short one answers 6700",
          "[card-info][mf][get-data]") {
  TestCard t;
  const Bytes lower = test_card_info_file(issued_card().keys, 0, 0x7F21);
  REQUIRE(lower.size() == 563);
  CHECK(t.tx("00 CA 7F 21 00") == "67 00");
  CHECK(t.tx("00 CA 7F 21 FF") == "67 00");
  CHECK(t.tx("00 CA 7F 21 00 00 00") == to_hex(lower) + " 90 00");
  CHECK(t.tx("00 CA 00 F8 00") == "67 00");
  CHECK(t.tx("00 CA 00 F8 00 00 00") ==
        to_hex(test_card_info_file(issued_card().keys, 0, 0x00F8)) + " 90 00");
  CHECK(t.tx("00 CA 5F 51 00 00 00") == "E0 00 FF 81 31 FE 45 14 90 00");  // small: any Le
}

TEST_CASE("GET DATA answers only at the MF level, except the contact ATR",
          "[card-info][mf][get-data]") {
  TestCard t;
  CHECK(t.tx("00 CA DF 30 00") == "6A 88");        // no such object
  CHECK(t.tx("00 CA 00 F0") == "67 00");           // no Le
  CHECK(t.tx("00 CA 00 F0 01 00 00") == "67 00");  // a data field
  for (auto aid : {kJpkiAid, kTextAid, kSurfaceAid, kCommonAid, kJukiAid}) {
    INFO(aid);
    t.select_df(aid);
    CHECK(t.tx("00 CA 00 F0 00") == "6A 88");
    CHECK(t.tx("00 CA 7F 21 00 00 00") == "6A 88");
    CHECK(t.tx("00 CA 5F 51 00") == "E0 00 FF 81 31 FE 45 14 90 00");
  }
  t.select_df(kIsdAid);  // selecting the ISD restores the power-on state
  CHECK(t.tx("00 CA 00 F0 00") == ascii_hex(kMunicipality) + " 90 00");
  t.select_jpki();
  t.card().reset();
  CHECK(t.tx("00 CA 00 F0 00") == ascii_hex(kMunicipality) + " 90 00");
}

TEST_CASE("a prefix shorter than a DF name selects the first DF in search order",
          "[card-info][mf][select]") {
  TestCard t;
  // A prefix shorter than a DF name selects the first DF in profile order: JPKI, 共通, 住基,
  // surface, text (CHOSEN order).
  CHECK(t.tx("00 A4 04 0C 05 D3 92 10 00 31") == "90 00");
  CHECK(t.tx("00 B2 01 0C 00") ==
        "01 1C 34 30 30 30 30 30 30 31 32 37 31 39 38 34 33 31 33 31 30 "
        "31 32 30 33 35 30 32 31 37 90 00");
  CHECK(t.tx("00 A4 04 0C 09 D3 92 10 00 31 00 01 01 04") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 1C") == "90 00");  // 住基 (…04 01) before surface and text
  CHECK(t.tx("00 A4 02 0C 02 00 11") == "6A 82");
}
