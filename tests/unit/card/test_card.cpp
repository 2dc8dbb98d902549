#include "test_card.hpp"

#include <catch2/catch.hpp>

#include "card_info_fixture.hpp"
#include "pki/in_memory_authority.hpp"

namespace mynasim::testing {

card::HolderRecord test_holder() {
  return {"個人番号\u3000花子", "東京都千代田区霞が関２丁目１番２号", "19800217", '2',
          "537686677188"};
}

card::Credentials test_credentials() {
  card::Credentials credentials;
  credentials.auth_pin = std::string(kAuthPin);
  credentials.sign_password = std::string(kSignPassword);
  credentials.text_pin = std::string(kTextPin);
  credentials.resident_pin = std::string(kResidentPin);
  credentials.collation_a = std::string(kCollationA);
  credentials.collation_b = std::string(kCollationB);
  credentials.birth_date_key = std::string(kBirthDateKey);
  return credentials;
}

const IssuedCard& issued_card() {
  static const IssuedCard kIssued = [] {
    IssuedCard issued;
    card::store::MemoryStorage storage;
    card::SeededRandom random(2026);
    FixedClock clock;
    card::Env env{random, clock, storage};
    const auto& profile = card::my_number_card_profile();
    auto begun =
        card::begin_personalization(env, profile, test_holder(), test_credentials(), &issued.keys);
    REQUIRE(begun.ok);
    // The real certificate profiles (pki/), issued by an in-memory J-LIS at the fixed time.
    const auto now = static_cast<pki::UnixTime>(clock.unix_seconds());
    pki::InMemoryAuthority jlis(now);
    const card::HolderRecord record = test_holder();
    const pki::Holder holder =
        pki::validate_holder({record.name, record.address, "1980-02-17", std::string(1, record.sex),
                              record.my_number, ""},
                             pki::jst_date_of(now));
    issued.certificates.auth = jlis.issue_auth(issued.keys.auth.to_spki_der(), holder, now);
    issued.certificates.auth_ca = jlis.auth_ca_der();
    issued.certificates.sign = jlis.issue_sign(issued.keys.sign.to_spki_der(), holder, now);
    issued.certificates.sign_ca = jlis.sign_ca_der();
    auto installed =
        card::install_certificates(env, profile, issued.certificates, test_card_info(issued.keys));
    REQUIRE(installed.ok);
    Bytes image;
    REQUIRE(storage.read_all(image).ok());
    issued.image = image;
    return issued;
  }();
  return kIssued;
}

IssuedCard android_token_card(const card::Credentials& credentials) {
  card::store::MemoryStorage storage;
  card::SeededRandom random(99);
  FixedClock clock;
  card::Env env{random, clock, storage};
  const auto& profile = card::android_token_profile();
  IssuedCard issued;
  const auto begun =
      card::begin_personalization(env, profile, test_holder(), credentials, &issued.keys);
  INFO(begun.error);
  REQUIRE(begun.ok);
  issued.certificates = issued_card().certificates;
  issued.certificates.auth = issued.keys.auth.to_spki_der();
  issued.certificates.sign = issued.keys.sign.to_spki_der();
  REQUIRE(card::install_certificates(env, profile, issued.certificates).ok);
  REQUIRE(storage.read_all(issued.image).ok());
  return issued;
}

Bytes hex(std::string_view text) {
  Bytes out;
  if (!from_hex(text, out)) FAIL("bad hex in test: " << text);
  return out;
}

TestCard::TestCard(const card::CardProfile& profile) : TestCard(issued_card().image, profile) {}

TestCard::TestCard(Bytes image, const card::CardProfile& profile)
    : profile_(profile), storage_(std::move(image)) {
  reload();
}

void TestCard::reload() {
  card_.reset();
  auto loaded = card::Card::load(env_, profile_);
  INFO(loaded.error);
  REQUIRE(loaded.card);
  card_ = std::move(loaded.card);
  card_->power_on();
}

Bytes TestCard::transmit(ByteView command) {
  return card_->transmit(command);
}

std::string TestCard::tx(std::string_view command_hex) {
  return to_hex(transmit(hex(command_hex)));
}

std::string TestCard::sw(std::string_view command_hex) {
  const Bytes response = transmit(hex(command_hex));
  REQUIRE(response.size() >= 2);
  return to_hex(ByteView(response).last(2));
}

void TestCard::select_jpki() {
  REQUIRE(tx("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01") == "90 00");
}

void TestCard::select_df(std::string_view aid_hex) {
  const Bytes aid = hex(aid_hex);
  Bytes command = hex("00 A4 04 0C");
  command.push_back(static_cast<std::uint8_t>(aid.size()));
  append(command, aid);
  REQUIRE(to_hex(transmit(command)) == "90 00");
}

std::string TestCard::verify_key(std::uint16_t fid, std::string_view value) {
  Bytes select = hex("00 A4 02 0C 02");
  append_u16(select, fid);
  REQUIRE(to_hex(transmit(select)) == "90 00");
  return tx(verify_apdu(value));
}

std::string verify_apdu(std::string_view value) {
  Bytes command = hex("00 20 00 80");
  command.push_back(static_cast<std::uint8_t>(value.size()));
  command.insert(command.end(), value.begin(), value.end());
  return to_hex(command);
}

std::string TestCard::verify_auth(std::string_view pin) {
  REQUIRE(tx("00 A4 02 0C 02 00 18") == "90 00");
  return tx(verify_apdu(pin));
}

std::string TestCard::verify_sign(std::string_view password) {
  REQUIRE(tx("00 A4 02 0C 02 00 1B") == "90 00");
  return tx(verify_apdu(password));
}

Bytes TestCard::read_ef(std::uint16_t fid) {
  Bytes select = hex("00 A4 02 0C 02");
  append_u16(select, fid);
  REQUIRE(to_hex(transmit(select)) == "90 00");
  Bytes content;
  for (std::size_t offset = 0;; offset += 256) {
    Bytes read = {0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                  static_cast<std::uint8_t>(offset), 0x00};
    Bytes response = transmit(read);
    REQUIRE(response.size() >= 2);
    const std::uint16_t sw = read_u16(response, response.size() - 2);
    if (sw == 0x6B00 && offset > 0) break;
    REQUIRE(sw == 0x9000);
    content.insert(content.end(), response.begin(), response.end() - 2);
    if (response.size() - 2 < 256) break;
  }
  return content;
}

}  // namespace mynasim::testing
