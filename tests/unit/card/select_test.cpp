// SELECT FILE and the MF-level state, byte for byte (reference §1, §3; pcsc-stack.md §5.3).
#include <catch2/catch.hpp>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {
constexpr std::string_view kSelectJpki = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
}

TEST_CASE("the card presents the JPKI contact ATR that OpenSC matches", "[select]") {
  TestCard t;
  CHECK(to_hex(t.card().atr()) == "3B E0 00 FF 81 31 FE 45 14");
}

TEST_CASE("SELECT DF by the full JPKI AID answers 9000 and no FCI", "[select]") {
  TestCard t;
  CHECK(t.tx(kSelectJpki) == "90 00");
  // P2=00 (FCI requested) is answered the same: the card has no FCI to give.
  CHECK(t.tx("00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01") == "90 00");
}

TEST_CASE("SELECT DF accepts a prefix of the AID of any length from one byte", "[select]") {
  TestCard t;
  CHECK(t.tx("00 A4 04 0C 05 D3 92 F0 00 26") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");  // the JPKI DF is now current
  CHECK(t.tx("00 A4 04 0C 01 A0") == "90 00");     // the ISD: the MF level again
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "6A 82");
  CHECK(t.tx("00 A4 04 0C 03 D3 92 F0") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 A4 04 0C 01 D4") == "6A 82");
}

TEST_CASE("SELECT of an unknown AID answers 6A82 and keeps the current DF", "[select]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 02") == "6A 82");
  CHECK(t.tx("00 A4 04 0C 0B D3 92 F0 00 26 01 00 00 00 01 00") == "6A 82");  // longer than AID
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
}

TEST_CASE("SELECT DF with an empty name answers 6700", "[select]") {
  TestCard t;
  CHECK(t.tx("00 A4 04 0C") == "67 00");
}

TEST_CASE("at power on the MF level (ISD) is current: no EF of JPKI is reachable", "[select]") {
  TestCard t;
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "6A 82");
  CHECK(t.tx("00 A4 02 0C 02 2F 10") == "6A 82");
  CHECK(t.tx("00 A4 02 0C 02 2F 11") == "6A 82");
  CHECK(t.tx("00 A4 02 0C 02 3F 00") == "6A 82");
  CHECK(t.tx("00 A4 00 0C 02 3F 00") == "6A 82");
  CHECK(t.tx("00 B0 00 00 00") == "69 86");  // no current EF
}

TEST_CASE("MF-level EF 001E is selectable but every read answers 6981", "[select]") {
  TestCard t;
  CHECK(t.tx("00 A4 02 0C 02 00 1E") == "90 00");
  CHECK(t.tx("00 B0 00 00 00") == "69 81");
  CHECK(t.tx("00 B2 01 04 00") == "69 81");
}

TEST_CASE("SELECT 00 A4 00 00 without data: 6A86 at the MF level, 9000 in a DF", "[select]") {
  TestCard t;
  CHECK(t.tx("00 A4 00 00") == "6A 86");
  t.select_jpki();
  CHECK(t.tx("00 A4 00 00") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");  // still in JPKI
}

TEST_CASE("SELECT by the ISD AID returns to the power-on state", "[select]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 A4 04 0C 07 A0 00 00 01 51 00 00") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "6A 82");
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");  // the verified state went with it
}

TEST_CASE("SELECT with other P1/P2 values answers 6A86", "[select]") {
  TestCard t;
  for (auto command :
       {"00 A4 01 0C 02 00 01", "00 A4 03 0C", "00 A4 08 0C 02 00 01", "00 A4 09 0C 02 00 01",
        "00 A4 04 04 0A D3 92 F0 00 26 01 00 00 00 01", "00 A4 04 01 05 D3 92 F0 00 26",
        "00 A4 04 03 01 D3", "00 A4 04 0D 01 D3", "00 A4 02 02 02 00 0A", "00 A4 02 04 02 00 0A"}) {
    INFO(command);
    CHECK(t.tx(command) == "6A 86");
  }
}

TEST_CASE("SELECT EF needs exactly a 2-byte FID", "[select]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 01 0A") == "67 00");
  CHECK(t.tx("00 A4 02 0C 03 00 0A 00") == "67 00");
  CHECK(t.tx("00 A4 02 0C 02 00 0C") == "6A 82");
  CHECK(t.tx("00 A4 02 0C 02 00 09") == "6A 82");
}

TEST_CASE("every EF of the JPKI application is selectable", "[select]") {
  TestCard t;
  t.select_jpki();
  for (auto fid :
       {"00 01", "00 02", "00 06", "00 08", "00 0A", "00 0B", "00 17", "00 18", "00 1A", "00 1B"}) {
    INFO(fid);
    CHECK(t.tx(std::string("00 A4 02 0C 02 ") + fid) == "90 00");
  }
}

TEST_CASE("the ~29 OpenSC probe APDUs each get a clean error (pcsc-stack.md §5.3)",
          "[select][opensc]") {
  TestCard t;
  const std::vector<std::pair<std::string, std::string>> probes = {
      {"00 A4 04 00 07 62 76 01 FF 00 00 00", "6A 82"},                          // coolkey
      {"00 A4 04 00 06 A0 00 00 00 01 01", "6A 82"},                             // muscle
      {"00 A4 04 00 0B E8 2B 06 01 04 01 81 C3 1F 02 01 00", "6A 82"},           // sc-hsm
      {"00 A4 04 0C 0F D2 33 00 00 00 45 73 74 45 49 44 20 76 33 35", "6A 82"},  // EstEID
      {"00 CA DF 30 05", "6A 88"},              // setcos GET DATA: no such data object
      {"00 CB 3F FF 03 5C 01 7E 08", "6D 00"},  // PIV discovery
      {"00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00", "6A 82"},        // PIV
      {"00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00", "6A 82"},        // PIV, again
      {"00 A4 04 0C 07 A0 00 00 01 16 DB 00 00", "6A 82"},              // CAC CCC
      {"00 A4 04 0C 07 A0 00 00 00 79 10 00 00", "6A 82"},              // CAC
      {"00 A4 04 00 0C F2 76 A2 88 BC FB A6 9D 34 F3 10 01", "6A 82"},  // isoApplet
      {"00 A4 04 00 09 A0 00 00 03 97 42 54 46 59 00", "6A 82"},        // GIDS
      {"00 A4 04 00 06 D2 76 00 01 24 01 00", "6A 82"},                 // OpenPGP
      {"B0 3C 01 00", "6E 00"},  // what muscle sends to a card that said 9000
      {"B0 F2 00 00 04", "6E 00"},
  };
  std::size_t count = probes.size();
  for (const auto& [command, expected] : probes) {
    INFO(command);
    CHECK(t.tx(command) == expected);
  }
  for (int applet = 0; applet < 16; ++applet) {  // CAC applets 00..0F
    char command[64];
    std::snprintf(command, sizeof command, "00 A4 04 0C 07 A0 00 00 00 79 01 %02X 00", applet);
    INFO(command);
    CHECK(t.tx(command) == "6A 82");
    ++count;
  }
  CHECK(count == 31);
  // And the JPKI SELECT that ends the probe sequence still works.
  CHECK(t.tx(kSelectJpki) == "90 00");
}
