// parse_atr: the groups of interface bytes, the protocol each belongs to, historical bytes, TCK.
#include <catch2/catch.hpp>

#include "iso7816/atr.hpp"
#include "tests/unit/iso7816/test_support.hpp"

using namespace mynasim;
using iso7816::test::hex;

TEST_CASE("parse_atr: the My Number card's contact ATR, group by group") {
  std::string problem;
  const auto atr = iso7816::parse_atr(hex("3B E0 00 FF 81 31 FE 45 14"), problem);
  REQUIRE(atr);
  CHECK(atr->ts == 0x3B);
  REQUIRE(atr->groups.size() == 3);
  // Group 1 (global): TB1 00, TC1 FF.
  CHECK_FALSE(atr->groups[0].ta);
  CHECK(atr->groups[0].tb == std::optional<std::uint8_t>(0x00));
  CHECK(atr->groups[0].tc == std::optional<std::uint8_t>(0xFF));
  CHECK(atr->groups[0].protocol == -1);
  // TD1 81: group 2 for T=1 holds nothing but TD2 31.
  CHECK(atr->groups[1].protocol == 1);
  CHECK_FALSE(atr->groups[1].ta);
  CHECK_FALSE(atr->groups[1].tb);
  // TD2 31: group 3 for T=1, TA3 FE (IFSC), TB3 45 (BWI 4, CWI 5).
  CHECK(atr->groups[2].protocol == 1);
  CHECK(atr->groups[2].ta == std::optional<std::uint8_t>(0xFE));
  CHECK(atr->groups[2].tb == std::optional<std::uint8_t>(0x45));
  CHECK(atr->historical.empty());
  CHECK(atr->tck == std::optional<std::uint8_t>(0x14));
}

TEST_CASE("parse_atr: historical bytes, and no TCK for a T=0-only ATR") {
  std::string problem;
  const auto atr = iso7816::parse_atr(hex("3B 5A 13 FF 80 12 39 2F 31 C1 73 C6 01 C0"), problem);
  REQUIRE(atr);
  REQUIRE(atr->groups.size() == 1);
  CHECK(atr->groups[0].ta == std::optional<std::uint8_t>(0x13));
  CHECK(atr->historical == hex("80 12 39 2F 31 C1 73 C6 01 C0"));
  CHECK_FALSE(atr->tck);
}

TEST_CASE("parse_atr: what is not an ATR is said so") {
  std::string problem;
  CHECK_FALSE(iso7816::parse_atr(hex("3A 60"), problem));
  CHECK(problem == "not an ATR (TS must be 3B or 3F)");
  CHECK_FALSE(iso7816::parse_atr(hex("3B"), problem));
  CHECK(problem == "not an ATR (TS must be 3B or 3F)");
  // TD1 81 announces TD2, which is missing.
  CHECK_FALSE(iso7816::parse_atr(hex("3B E0 00 FF 81"), problem));
  CHECK(problem == "the ATR ends inside its interface bytes");
  // T0 E0 announces TB1, TC1 and TD1; only two bytes follow.
  CHECK_FALSE(iso7816::parse_atr(hex("3B E0 00 FF"), problem));
  CHECK(problem == "the ATR ends inside its interface bytes");
  CHECK_FALSE(iso7816::parse_atr(hex("3B 65 00 FF 01"), problem));
  CHECK(problem == "the ATR is shorter than its historical bytes");
}
