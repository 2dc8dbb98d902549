// Personalization of the card-info applications: every credential checked and named (never its
// value), each key reference set with its own counter, the three AP keys made on the card and
// only their public halves handed out; the smartphone token ignores all of it.
#include <catch2/catch.hpp>

#include "card/store/memory_storage.hpp"
#include "card_info_fixture.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

struct Fresh {
  card::store::MemoryStorage storage;
  card::SeededRandom random{11};
  FixedClock clock;
  card::Env env{random, clock, storage};
};

std::string refusal(const card::Credentials& credentials,
                    const card::CardProfile& profile = card::my_number_card_profile()) {
  Fresh fresh;
  const auto result =
      card::begin_personalization(fresh.env, profile, test_holder(), credentials, nullptr);
  REQUIRE_FALSE(result.ok);
  Bytes nothing;
  CHECK_FALSE(fresh.storage.read_all(nothing).ok());  // nothing written
  return result.error;
}

}  // namespace

TEST_CASE("each card-info credential is checked, and the error names it without its value",
          "[card-info][personalize]") {
  struct Case {
    std::string card::Credentials::*field;
    std::string value;
    std::string error;
  };
  const std::vector<Case> cases = {
      {&card::Credentials::text_pin, "24x8", "text PIN (text_pin) must be 4 digits"},
      {&card::Credentials::text_pin, "", "text PIN (text_pin) must be 4 digits"},
      {&card::Credentials::resident_pin, "13579", "resident PIN (resident_pin) must be 4 digits"},
      {&card::Credentials::collation_a, "53768667718", "照合番号A (collation_a) must be 12 digits"},
      {&card::Credentials::collation_a, "621498320257",
       "照合番号A (collation_a) must be the holder's My Number"},
      {&card::Credentials::collation_b, "5502172035228",
       "照合番号B (collation_b) must be 14 digits"},
      {&card::Credentials::collation_b, "55021820352285",
       "照合番号B (collation_b) must begin with the 生年月日 key (和暦 YYMMDD)"},
      {&card::Credentials::birth_date_key, "5502",
       "生年月日 key (birth_date_key) must be 6 digits"},
      {&card::Credentials::birth_date_key, "550218",
       "生年月日 key (birth_date_key) must be the holder's birth date as 和暦 YYMMDD"},
  };
  for (const auto& c : cases) {
    card::Credentials credentials = test_credentials();
    credentials.*c.field = c.value;
    INFO(c.error);
    const std::string error = refusal(credentials);
    CHECK(error == c.error);
    if (!c.value.empty()) CHECK(error.find(c.value) == std::string::npos);
  }
}

TEST_CASE("issuance sets every key reference: own value, own counter, 0012 blocked",
          "[card-info][personalize][pin]") {
  TestCard t;
  const std::vector<std::tuple<std::string_view, std::uint16_t, std::string>> counters = {
      {kJpkiAid, 0x0018, "63 C3"},    {kJpkiAid, 0x001B, "63 C5"},
      {kTextAid, 0x0011, "63 C3"},    {kTextAid, 0x0012, "63 C0"},
      {kTextAid, 0x0014, "63 CA"},    {kTextAid, 0x0015, "63 CA"},
      {kSurfaceAid, 0x0011, "63 CA"}, {kSurfaceAid, 0x0012, "63 CA"},
      {kSurfaceAid, 0x0013, "63 CA"}, {kCommonAid, 0x001C, "63 C3"},
      {kJukiAid, 0x001C, "63 C3"}};
  for (const auto& [aid, fid, sw] : counters) {
    INFO(aid << " " << fid);
    t.select_df(aid);
    Bytes select = hex("00 A4 02 0C 02");
    append_u16(select, fid);
    REQUIRE(to_hex(t.transmit(select)) == "90 00");
    CHECK(t.tx("00 20 00 80") == sw);  // the empty VERIFY, case 1: never costs a try
  }
  const std::vector<std::tuple<std::string_view, std::uint16_t, std::string_view>> values = {
      {kTextAid, 0x0011, kTextPin},       {kTextAid, 0x0014, kCollationA},
      {kTextAid, 0x0015, kCollationB},    {kSurfaceAid, 0x0011, kBirthDateKey},
      {kSurfaceAid, 0x0012, kCollationB}, {kSurfaceAid, 0x0013, kCollationA},
      {kCommonAid, 0x001C, kResidentPin}, {kJukiAid, 0x001C, kResidentPin}};
  for (const auto& [aid, fid, value] : values) {
    INFO(aid << " " << fid);
    t.select_df(aid);
    CHECK(t.verify_key(fid, value) == "90 00");
  }
}

TEST_CASE("the AP keys are RSA-2048, distinct, and read_public_keys returns the same halves",
          "[card-info][personalize][keys]") {
  const auto& keys = issued_card().keys;
  for (const auto* key : {&keys.text_ap, &keys.surface_ap, &keys.common_ap}) {
    CHECK(key->modulus.size() == 256);
    CHECK(key->exponent == Bytes{0x01, 0x00, 0x01});
  }
  CHECK(keys.text_ap.modulus != keys.surface_ap.modulus);
  CHECK(keys.surface_ap.modulus != keys.common_ap.modulus);
  CHECK(keys.common_ap.modulus != keys.auth.modulus);

  card::store::MemoryStorage storage(issued_card().image);
  card::SeededRandom random(1);
  FixedClock clock;
  card::Env env{random, clock, storage};
  card::CardPublicKeys read;
  const auto result = card::read_public_keys(env, card::my_number_card_profile(), &read);
  INFO(result.error);
  REQUIRE(result.ok);
  CHECK(read.text_ap.modulus == keys.text_ap.modulus);
  CHECK(read.surface_ap.modulus == keys.surface_ap.modulus);
  CHECK(read.common_ap.modulus == keys.common_ap.modulus);
  CHECK(read.auth.modulus == keys.auth.modulus);
}

TEST_CASE("install_certificates refuses a file for no EF or data object of the profile",
          "[card-info][personalize]") {
  card::store::MemoryStorage storage(issued_card().image);
  card::SeededRandom random(1);
  FixedClock clock;
  card::Env env{random, clock, storage};
  const auto& profile = card::my_number_card_profile();
  for (const auto& file : std::vector<card::EfContent>{
           {0, 0x00F9, {0x01}}, {2, 0x0011, {0x01}}, {4, 0x0019, {0x01}}, {9, 0x0001, {0x01}}}) {
    INFO(file.df_id << " " << file.fid);
    const auto result =
        card::install_certificates(env, profile, issued_card().certificates, {file});
    CHECK_FALSE(result.ok);
    CHECK(result.error.find("not a readable file or GET DATA object") != std::string::npos);
  }
  Bytes after;
  REQUIRE(storage.read_all(after).ok());
  CHECK(after == issued_card().image);
}

TEST_CASE("the smartphone token has no card-info applications and ignores their credentials",
          "[card-info][personalize][profile]") {
  card::Credentials credentials;  // the JPKI ones only
  credentials.auth_pin = std::string(kAuthPin);
  credentials.sign_password = std::string(kSignPassword);
  const IssuedCard token = android_token_card(credentials);
  CHECK(token.keys.text_ap.modulus.empty());
  CHECK(token.keys.common_ap.modulus.empty());
  TestCard t(token.image, card::android_token_profile());
  CHECK(t.tx("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08") == "6A 82");
  CHECK(t.tx("00 CA 00 F0 00") == "6A 88");
  CHECK(t.tx("00 CA 5F 51 00") == "6A 88");
}
