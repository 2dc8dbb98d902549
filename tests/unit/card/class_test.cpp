// The class and instruction bytes, and malformed APDUs (reference §1, DESIGN "The card").
#include <catch2/catch.hpp>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

TEST_CASE("an unknown instruction answers 6D00", "[class]") {
  TestCard t;
  for (auto command : {"00 00 00 00", "00 CC 00 42 00", "00 86 00 00 01 00 00", "80 A2 00 00",
                       "80 FC 00 00", "00 E0 00 00 01 00", "00 C0 00 00 00"}) {
    INFO(command);
    CHECK(t.tx(command) == "6D 00");
  }
}

TEST_CASE("an unknown class answers 6E00", "[class]") {
  TestCard t;
  for (auto command : {"FF A4 04 0C 01 D3", "A0 A4 00 00 02 3F 00", "B0 F2 00 00 04",
                       "C0 B0 00 00 01", "E0 20 00 80"}) {
    INFO(command);
    CHECK(t.tx(command) == "6E 00");
  }
}

TEST_CASE("logical channels other than 0 answer 6881", "[class]") {
  TestCard t;
  for (auto command :
       {"01 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", "02 B0 00 00 01", "03 20 00 80",
        "81 2A 00 80 01 00 00", "40 A4 04 0C 01 D3", "7F B0 00 00 01"}) {
    INFO(command);
    CHECK(t.tx(command) == "68 81");
  }
}

TEST_CASE("secure messaging CLAs answer 6882 to SELECT and 69FC to READ BINARY and VERIFY",
          "[class]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("08 A4 02 0C 02 00 0A") == "68 82");
  CHECK(t.tx("0C A4 02 0C 02 00 0A") == "68 82");
  CHECK(t.tx("08 B0 00 00 04") == "69 FC");
  CHECK(t.tx("0C B0 00 00 04") == "69 FC");
  CHECK(t.tx("08 20 00 80") == "69 FC");
  CHECK(t.tx("0C 20 00 80 04 31 32 33 34") == "69 FC");
  CHECK(t.tx("8C 2A 00 80 01 00 00") == "68 82");
  // Nothing was spent or changed by those.
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
}

TEST_CASE("command chaining is not supported: 6884", "[class]") {
  TestCard t;
  CHECK(t.tx("10 2A 00 80 01 00") == "68 84");
}

TEST_CASE("malformed APDUs answer 6700 and change nothing", "[class][malformed]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  for (auto command : {"", "00", "00 20", "00 20 00", "00 20 00 80 05 31 32 33 34",
                       "00 20 00 80 04 31 32 33 34 00 00", "00 20 00 80 00 00",
                       "00 20 00 80 00 00 00 00", "00 20 00 80 00 00 04 31 32 33"}) {
    INFO("[" << command << "]");
    CHECK(t.tx(command) == "67 00");
  }
  CHECK(t.tx("00 20 00 80") == "63 C3");
}

TEST_CASE("an extended-length VERIFY is understood like the short one", "[class]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80 00 00 04 31 32 33 34") == "90 00");
}
