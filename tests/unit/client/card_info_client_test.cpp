// The card-info clients against the real (in-process) card: the exact APDUs the clients send
// (myna's 17-byte My Number read, jpki-rs's surface read with A and B, myna's READ RECORD of the
// 共通 record), what they parse, the access rules they meet, and a wrong 照合番号 costing a try.

#include <catch2/catch.hpp>

#include "card/test_card.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/sha256.hpp"
#include "reader/client/card_info_verify.hpp"
#include "reader/client/common_client.hpp"
#include "reader/client/surface_client.hpp"
#include "reader/client/text_client.hpp"
#include "tests/unit/card/card_info_fixture.hpp"
#include "tests/unit/client/card_channel.hpp"

using namespace mynasim;
using namespace mynasim::testing;
using client::PinStatus;
using client::Secret;
using client::SurfaceKey;
using client::TextKey;

TEST_CASE("text client: the My Number as myna reads it", "[client][card-info]") {
  TestCard card;
  CardChannel channel(card);
  client::TextClient text(channel);
  text.select();
  REQUIRE(text.verify(TextKey::kPin, Secret(std::string(kTextPin))).ok);
  const Bytes file = text.read_my_number_file();
  CHECK(file == test_card_info_file(issued_card().keys, 2, 0x0001));
  CHECK(file.size() == 17);
  CHECK(client::parse_my_number_file(file) == kCollationA);
  CHECK(channel.sent[0] == "SELECT 00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08");
  CHECK(channel.sent[1] == "SELECT 00 A4 02 0C 02 00 11");
  CHECK(channel.sent[2] == "VERIFY 00 20 00 80 04 ** ** ** **");
  CHECK(channel.sent[3] == "SELECT 00 A4 02 0C 02 00 01");
  CHECK(channel.sent[4] == "READ BINARY 00 B0 00 00 11");
}

TEST_CASE("text client: 照合番号B opens the attributes, not the My Number", "[client][card-info]") {
  TestCard card;
  CardChannel channel(card);
  client::TextClient text(channel);
  text.select();
  REQUIRE(text.verify(TextKey::kCollationB, Secret(std::string(kCollationB))).ok);
  const auto attributes = text.read_attributes();
  CHECK(attributes.birth_date.compact() == "19800217");
  CHECK(channel.sent[3] == "SELECT 00 A4 02 0C 02 00 02");
  CHECK(channel.sent[4] == "READ BINARY 00 B0 00 00 08");  // the header first
  try {
    text.read_my_number();
    FAIL("照合番号B opened the My Number");
  } catch (const client::CardError& e) {
    CHECK(e.sw() == 0x6982);
  }
  // The integrity file parses as the card holds it; the CV certificate is read whole (568 B).
  CHECK_NOTHROW(client::parse_text_integrity(text.read_integrity_file()));
  CHECK(text.read_cv_certificate_file() == test_card_info_file(issued_card().keys, 2, 0x0004));
}

TEST_CASE("text client: a wrong 照合番号A answers 63Cx and costs a try", "[client][card-info]") {
  TestCard card;
  CardChannel channel(card);
  client::TextClient text(channel);
  text.select();
  const PinStatus before = text.key_status(TextKey::kCollationA);
  REQUIRE(before.state == PinStatus::State::kTriesLeft);
  const auto wrong = text.verify(TextKey::kCollationA, Secret("000000000000"));
  CHECK_FALSE(wrong.ok);
  CHECK(wrong.sw == (0x63C0 | (before.tries_left - 1)));
  CHECK(text.key_status(TextKey::kCollationA).tries_left == before.tries_left - 1);
  CHECK(channel.sent.back() == "VERIFY 00 20 00 80");
  // The reserved key 0012 is blocked from issuance.
  CHECK(text.key_status(TextKey::kBlocked).state == PinStatus::State::kBlocked);
}

TEST_CASE("surface client: the card face with 照合番号A and with B, as jpki-rs reads it",
          "[client][card-info]") {
  for (const bool with_a : {true, false}) {
    TestCard card;
    CardChannel channel(card);
    client::SurfaceClient surface(channel);
    surface.select();
    REQUIRE(surface
                .verify(with_a ? SurfaceKey::kCollationA : SurfaceKey::kCollationB,
                        Secret(std::string(with_a ? kCollationA : kCollationB)))
                .ok);
    CHECK(channel.sent[1] ==
          (with_a ? "SELECT 00 A4 02 0C 02 00 13" : "SELECT 00 A4 02 0C 02 00 12"));
    const Bytes file = surface.read_card_face_file();
    CHECK(file == test_card_info_file(issued_card().keys, 3, 0x0002));
    const auto face = client::parse_card_face(file);
    CHECK(face.expiry.compact() == kExpiry);
    // Only A opens the rendered My Number.
    if (with_a) {
      CHECK_NOTHROW(client::parse_rendered_my_number(surface.read_rendered_my_number_file()));
    } else {
      CHECK_THROWS_AS(surface.read_rendered_my_number_file(), client::CardError);
    }
  }
}

TEST_CASE("surface client: the age record with the 生年月日 key", "[client][card-info]") {
  TestCard card;
  CardChannel channel(card);
  client::SurfaceClient surface(channel);
  surface.select();
  CHECK_THROWS_AS(surface.read_age_record_file(), client::CardError);
  REQUIRE(surface.verify(SurfaceKey::kBirthDate, Secret(std::string(kBirthDateKey))).ok);
  CHECK(client::parse_age_record(surface.read_age_record_file()).birth_date.compact() ==
        "19800217");
}

TEST_CASE("common client: record 1 as myna reads it; both 001C PINs", "[client][card-info]") {
  TestCard card;
  CardChannel channel(card);
  client::CommonClient common(channel);
  common.select();
  const auto info = common.read_card_info();
  CHECK(info.serial == kCardSerial);
  CHECK(info.municipality_code == kMunicipality);
  CHECK(info.expiry.compact() == kExpiry);
  CHECK(channel.sent.back() == "READ RECORD 00 B2 01 0C 00");
  CHECK(common.key_status(client::ResidentKey::kPin).state == PinStatus::State::kTriesLeft);
  client::ResidentClient juki(channel);
  juki.select();
  CHECK_FALSE(juki.verify(client::ResidentKey::kPin, Secret("0000")).ok);
  // Separate counters: the 住基 one went down, the 共通 one did not.
  const int juki_left = juki.key_status(client::ResidentKey::kPin).tries_left;
  common.select();
  CHECK(common.key_status(client::ResidentKey::kPin).tries_left == juki_left + 1);
}

TEST_CASE("card-info clients: a token without the applications says absent",
          "[client][card-info]") {
  const IssuedCard token = android_token_card(test_credentials());
  TestCard card(token.image, card::android_token_profile());
  CardChannel channel(card);
  client::TextClient text(channel);
  client::SurfaceClient surface(channel);
  client::CommonClient common(channel);
  CHECK_FALSE(text.select_if_present());
  CHECK_FALSE(surface.select_if_present());
  CHECK_FALSE(common.select_if_present());
  CHECK_THROWS_AS(text.select(), client::CardError);
}

TEST_CASE("text and surface clients: the AP's key answers a challenge (80 2A 00 00)",
          "[client][card-info]") {
  TestCard card;
  CardChannel channel(card);
  const Bytes challenge(32, 0x42);
  const Bytes digest_info = hostcrypto::sha256_digest_info(hostcrypto::sha256(challenge));
  client::TextClient text(channel);
  text.select();
  REQUIRE(text.verify(TextKey::kPin, Secret(std::string(kTextPin))).ok);
  const auto ap_key = client::parse_signed_ap_key(text.read_signed_ap_key_file());
  const Bytes text_signature = text.sign(digest_info);
  CHECK(channel.sent.back().rfind("COMPUTE DIGITAL SIGNATURE 80 2A 00 00 33 30 31", 0) == 0);
  CHECK(client::check_card_signature(ap_key.public_key, challenge, text_signature).status ==
        client::CheckStatus::kOk);
  client::SurfaceClient surface(channel);
  surface.select();
  REQUIRE(surface.verify(SurfaceKey::kCollationB, Secret(std::string(kCollationB))).ok);
  const auto face = surface.read_card_face();
  CHECK(
      client::check_card_signature(face.public_key, challenge, surface.sign(digest_info)).status ==
      client::CheckStatus::kOk);
  // Each application signs with its own key.
  CHECK(client::check_card_signature(ap_key.public_key, challenge, surface.sign(digest_info))
            .status == client::CheckStatus::kFailed);
}
