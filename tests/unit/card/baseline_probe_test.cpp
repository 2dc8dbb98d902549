// myna-card's `baseline` probe (examples/fuzz_card.rs), APDU for APDU: from power-on, SELECT each
// application, then SELECT each key reference it lists and send the empty VERIFY. The probe stops
// at the first SELECT that fails, so every key it lists exists on the real card. The keys with no
// published PIN answer 6300, the word myna-card's README gives a key with no retry limit
// (INFERRED: the probe's output is not published); the PINs and 照合番号 report their counters.
#include <catch2/catch.hpp>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

struct Probe {
  std::string_view application, aid;
  std::vector<std::pair<std::string_view, std::string_view>> keys;  // FID, empty VERIFY's answer
};

}  // namespace

TEST_CASE("myna-card baseline: every listed key is selectable and answers the empty VERIFY",
          "[pin][clients][baseline]") {
  const std::vector<Probe> probes = {
      {"common", kCommonAid, {{"00 1C", "63 C3"}, {"00 1E", "63 00"}}},
      {"juki", kJukiAid, {{"00 1C", "63 C3"}}},
      {"surface",
       kSurfaceAid,
       {{"00 11", "63 CA"},
        {"00 12", "63 CA"},
        {"00 13", "63 CA"},
        {"00 14", "63 00"},
        {"00 15", "63 00"}}},
      {"text",
       kTextAid,
       {{"00 11", "63 C3"}, {"00 12", "63 C0"}, {"00 14", "63 CA"}, {"00 15", "63 CA"}}},
      {"jpki", kJpkiAid, {{"00 10", "63 00"}, {"00 18", "63 C3"}, {"00 1B", "63 C5"}}},
  };
  TestCard t;
  for (const auto& probe : probes) {
    INFO(probe.application);
    REQUIRE(t.tx("00 A4 04 0C 0A " + std::string(probe.aid)) == "90 00");
    for (const auto& [fid, answer] : probe.keys) {
      INFO(fid);
      REQUIRE(t.tx("00 A4 02 0C 02 " + std::string(fid)) == "90 00");
      CHECK(t.tx("00 20 00 80") == answer);
    }
  }
}

TEST_CASE("a key with no retry limit: VERIFY answers 6300 and spends nothing; never changed",
          "[pin][baseline]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 10") == "90 00");
  for (int i = 0; i < 20; ++i) CHECK(t.tx(verify_apdu("1234")) == "63 00");
  CHECK(t.tx("00 20 00 80") == "63 00");
  CHECK(t.tx(verify_apdu("12345678901234567")) == "67 00");  // 17 digits: too long
  CHECK(t.tx("00 24 01 80 04 31 32 33 34") == "69 82");      // nothing changes it
  CHECK(t.tx("00 20 00 90") == "63 00");                     // by SFI too
  // The user-authentication PIN beside it is untouched.
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
  // The same keys on the other applications.
  t.select_df(kCommonAid);
  CHECK(t.verify_key(0x001E, "1357") == "63 00");
  t.select_df(kSurfaceAid);
  CHECK(t.verify_key(0x0014, "550217") == "63 00");
  CHECK(t.verify_key(0x0015, "537686677188") == "63 00");
}

TEST_CASE("the smartphone token has no key 0010", "[pin][baseline][token]") {
  TestCard t(android_token_card(test_credentials()).image, card::android_token_profile());
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 10") == "6A 82");
}
