// The municipal office's commands (card/runtime/commands/office_commands.cpp): EXTERNAL
// AUTHENTICATE against a single-use challenge, RESET RETRY COUNTER, UPDATE BINARY of a renewed
// certificate; all refused (6982, nothing changed) without the issuer's authentication.
#include <catch2/catch.hpp>

#include "card/crypto/digest.hpp"
#include "card/personalize/office_key.hpp"
#include "card/runtime/office_key.hpp"
#include "pki/in_memory_authority.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

// The office's key pair, made once (the private half plays the office's, host side).
const card::crypto::RsaPrivateKey& office_private_key() {
  static card::SeededRandom random(6006);
  static const auto kKey = card::crypto::RsaPrivateKey::generate(random);
  REQUIRE(kKey);
  return *kKey;
}

// The issued test card with the office key installed, as `mynaca issue` makes it.
const Bytes& office_card_image() {
  static const Bytes kImage = [] {
    card::store::MemoryStorage storage(issued_card().image);
    card::SeededRandom random(1);
    FixedClock clock;
    card::Env env{random, clock, storage};
    const auto result = card::install_office_key(env, card::my_number_card_profile(),
                                                 office_private_key().public_key());
    REQUIRE(result.ok);
    Bytes image;
    REQUIRE(storage.read_all(image).ok());
    return image;
  }();
  return kImage;
}

// GET CHALLENGE, then the office's signature over SHA-256(challenge || serial of EF 0006).
Bytes office_signature(TestCard& t, const card::crypto::RsaPrivateKey& key) {
  const Bytes token = t.read_ef(0x0006);
  const Bytes challenge_response = t.transmit(hex("00 84 00 00 08"));
  REQUIRE(challenge_response.size() == 10);
  Bytes message(challenge_response.begin(), challenge_response.begin() + 8);
  append(message, ByteView(token).subspan(80, 16));
  const auto prefix = card::crypto::sha256_digest_info_prefix();
  Bytes digest_info(prefix.begin(), prefix.end());
  append(digest_info, card::crypto::sha256(message));
  card::SeededRandom random(3);
  auto signature = key.sign_pkcs1_v15(digest_info, random);
  REQUIRE(signature);
  return *signature;
}

std::string external_authenticate(ByteView signature) {
  return "00 82 00 00 00 01 00 " + to_hex(signature);  // extended Lc: 256 bytes
}

std::string authenticate(TestCard& t) {
  const Bytes signature = office_signature(t, office_private_key());
  return t.tx(external_authenticate(signature));
}

// UPDATE BINARY of `content` into the current EF in 255-byte parts; the last answer.
std::string write_ef(TestCard& t, ByteView content) {
  std::string last;
  for (std::size_t offset = 0; offset < content.size(); offset += 255) {
    const std::size_t n = std::min<std::size_t>(255, content.size() - offset);
    Bytes command = {0x00, 0xD6, static_cast<std::uint8_t>(offset >> 8),
                     static_cast<std::uint8_t>(offset), static_cast<std::uint8_t>(n)};
    append(command, content.subspan(offset, n));
    last = to_hex(t.transmit(command));
    if (offset + n < content.size() && last != "90 00") return last;
  }
  return last;
}

// A renewed user-authentication certificate for the card's key (another serial, another date).
Bytes renewed_auth_certificate() {
  const auto later = static_cast<pki::UnixTime>(1'800'000'000);
  pki::InMemoryAuthority jlis(later);
  const card::HolderRecord record = test_holder();
  const pki::Holder holder =
      pki::validate_holder({record.name, record.address, "1980-02-17", "2", record.my_number, ""},
                           pki::jst_date_of(later));
  return jlis.issue_auth(issued_card().keys.auth.to_spki_der(), holder, later);
}

}  // namespace

TEST_CASE("without the issuer's authentication every office command answers 6982", "[office]") {
  TestCard t(office_card_image());
  t.select_jpki();
  CHECK(t.verify_auth("0000") == "63 C2");
  CHECK(t.tx("00 2C 03 80") == "69 82");
  CHECK(t.tx("00 2C 02 80 04 35 36 37 38") == "69 82");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 D6 00 00 03 30 01 00") == "69 82");
  // Nothing changed: the counter is where the wrong PIN left it, the old PIN still works.
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C2");
  CHECK(t.verify_auth() == "90 00");
}

TEST_CASE("a good signature over the challenge authenticates; RESET RETRY COUNTER unblocks",
          "[office]") {
  TestCard t(office_card_image());
  t.select_jpki();
  for (auto pin : {"0000", "1111", "2222"}) t.verify_auth(pin);
  CHECK(t.verify_auth() == "69 84");
  CHECK(authenticate(t) == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 2C 03 80") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
  CHECK(t.tx(verify_apdu("1234")) == "90 00");
  // A new value: the old one fails, the new one works, the counter is full.
  CHECK(t.tx("00 2C 02 80 04 35 36 37 38") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");  // the reset ends the key's verified state
  CHECK(t.tx(verify_apdu("1234")) == "63 C2");
  CHECK(t.tx(verify_apdu("5678")) == "90 00");
  // The signature password through its SFI form, blocked or not.
  CHECK(t.tx("00 2C 02 9B 08 4E 45 57 50 41 53 53 31") == "90 00");  // NEWPASS1
  CHECK(t.verify_sign("NEWPASS1") == "90 00");
  // Survives a reload (the image holds it).
  t.reload();
  t.select_jpki();
  CHECK(t.verify_auth("5678") == "90 00");
}

TEST_CASE("RESET RETRY COUNTER: P1, lengths, key reference and the new value's format",
          "[office]") {
  TestCard t(office_card_image());
  t.select_jpki();
  REQUIRE(authenticate(t) == "90 00");
  CHECK(t.tx("00 2C 00 80 04 31 32 33 34") == "6A 86");  // with a resetting code: not used
  CHECK(t.tx("00 2C 01 80 04 31 32 33 34") == "6A 86");
  CHECK(t.tx("00 2C 03 98 04 31 32 33 34") == "67 00");  // 03 carries no data
  CHECK(t.tx("00 2C 02 98") == "67 00");                 // 02 needs the new value
  CHECK(t.tx("00 2C 03 98 00") == "67 00");              // no Le
  CHECK(t.tx("00 2C 03 80") == "6A 88");                 // the current EF is 0006: no PIN
  CHECK(t.tx("00 2C 03 97") == "6A 88");                 // 0017 is a key, not a PIN
  CHECK(t.tx("00 2C 03 40") == "6A 86");
  CHECK(t.tx("00 2C 02 98 05 31 32 33 34 35") == "6A 80");     // 5 digits
  CHECK(t.tx("00 2C 02 9B 06 73 69 67 6E 70 77") == "6A 80");  // lowercase password
  CHECK(t.verify_auth() == "90 00");                           // nothing changed
}

TEST_CASE("the challenge is single-use and the authentication ends with reset and SELECT",
          "[office]") {
  TestCard t(office_card_image());
  t.select_jpki();
  const Bytes signature = office_signature(t, office_private_key());
  CHECK(t.tx(external_authenticate(signature)) == "90 00");
  CHECK(t.tx(external_authenticate(signature)) == "69 85");  // challenge used up, no try spent
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 2C 03 80") == "69 82");  // the failed attempt ended the authentication

  REQUIRE(authenticate(t) == "90 00");
  t.card().reset();
  t.select_jpki();
  CHECK(t.tx("00 2C 03 98") == "69 82");

  REQUIRE(authenticate(t) == "90 00");
  t.card().power_off();
  t.card().power_on();
  t.select_jpki();
  CHECK(t.tx("00 2C 03 98") == "69 82");

  REQUIRE(authenticate(t) == "90 00");
  t.select_jpki();  // SELECT of a DF
  CHECK(t.tx("00 2C 03 98") == "69 82");

  // A challenge from before a reset is gone too.
  const Bytes stale = office_signature(t, office_private_key());
  t.card().reset();
  t.select_jpki();
  CHECK(t.tx(external_authenticate(stale)) == "69 85");
}

TEST_CASE("a wrong signature costs an office try: 63C9 down to 63C0, then 6984", "[office]") {
  TestCard t(office_card_image());
  t.select_jpki();
  card::SeededRandom random(99);
  auto impostor = card::crypto::RsaPrivateKey::generate(random);
  REQUIRE(impostor);
  CHECK(t.tx(external_authenticate(office_signature(t, *impostor))) == "63 C9");
  CHECK(t.tx(external_authenticate(office_signature(t, *impostor))) == "63 C8");
  // A good one restores the counter; the count survives a reload.
  CHECK(authenticate(t) == "90 00");
  t.reload();
  t.select_jpki();
  for (int left = 9; left >= 0; --left) {
    const std::string sw = "63 C" + std::string(1, "0123456789"[left]);
    CHECK(t.tx(external_authenticate(office_signature(t, *impostor))) == sw);
  }
  CHECK(authenticate(t) == "69 84");
  t.reload();
  t.select_jpki();
  CHECK(authenticate(t) == "69 84");
}

TEST_CASE("EXTERNAL AUTHENTICATE: no office key, P1/P2, lengths, no challenge", "[office]") {
  TestCard plain;  // issued without an office key
  plain.select_jpki();
  const Bytes signature = office_signature(plain, office_private_key());
  CHECK(plain.tx(external_authenticate(signature)) == "6A 88");
  CHECK(plain.tx("00 2C 03 98") == "69 82");

  TestCard t(office_card_image());
  t.select_jpki();
  CHECK(t.tx("00 82 01 00 01 00") == "6A 86");
  CHECK(t.tx("00 82 00 81 01 00") == "6A 86");
  CHECK(t.tx("00 82 00 00 01 00") == "67 00");
  CHECK(t.tx(external_authenticate(Bytes(256, 0x01))) == "69 85");  // no GET CHALLENGE before
  CHECK(t.tx(external_authenticate(Bytes(256, 0x01)) + " 00 00") == "67 00");  // with Le
  CHECK(t.tx("00 84 00 00 04").size() == std::string("11 22 33 44 90 00").size());
  CHECK(t.tx(external_authenticate(Bytes(256, 0x01))) == "69 85");  // 4-byte challenge: too short
  CHECK(authenticate(t) == "90 00");  // no try was spent on any of these
}

TEST_CASE("UPDATE BINARY writes a renewed certificate whole, checked against the card's key",
          "[office]") {
  TestCard t(office_card_image());
  t.select_jpki();
  const Bytes renewed = renewed_auth_certificate();
  REQUIRE(renewed != issued_card().certificates.auth);

  REQUIRE(authenticate(t) == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  // Wrong key: the signature certificate carries the other modulus.
  CHECK(write_ef(t, issued_card().certificates.sign) == "6A 80");
  // Not a DER SEQUENCE.
  CHECK(t.tx("00 D6 00 00 03 04 01 00") == "6A 80");
  // Out of order.
  CHECK(t.tx("00 D6 00 00 02 30 82") == "90 00");
  CHECK(t.tx("00 D6 00 05 01 00") == "6B 00");
  // Half a certificate, then a reset: nothing was written.
  const ByteView half = ByteView(renewed).first(600);
  CHECK(t.tx("00 D6 00 00 FF " + to_hex(half.first(255))) == "90 00");
  t.card().reset();
  t.select_jpki();
  CHECK(t.read_ef(0x000A) == issued_card().certificates.auth);

  REQUIRE(authenticate(t) == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(write_ef(t, renewed) == "90 00");
  CHECK(t.read_ef(0x000A) == renewed);
  CHECK(t.read_ef(0x0008) == hex("8F 8F 00"));
  // CA certificates have no key check; the SFI form works too.
  CHECK(t.tx("00 D6 8B 00 03 30 01 00") == "90 00");
  CHECK(t.read_ef(0x000B) == hex("30 01 00"));
  // Other files are not writable.
  CHECK(t.tx("00 D6 86 00 01 00") == "69 81");
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 D6 00 00 01 00") == "69 81");
  CHECK(t.tx("00 D6 00 00") == "67 00");
  // Durable: a reload reads the new certificate.
  t.reload();
  t.select_jpki();
  CHECK(t.read_ef(0x000A) == renewed);
}

TEST_CASE("a power cut at any write of a certificate or an unblock leaves the old or the new state",
          "[office][power]") {
  const Bytes renewed = renewed_auth_certificate();
  const Bytes& old = issued_card().certificates.auth;

  // Everything but the last part is staged (RAM only); the cut hits the write the last part makes.
  const ByteView head = ByteView(renewed).first(renewed.size() - 10);
  const ByteView tail = ByteView(renewed).last(10);
  Bytes last = {0x00, 0xD6, static_cast<std::uint8_t>(head.size() >> 8),
                static_cast<std::uint8_t>(head.size()), 10};
  append(last, tail);
  std::size_t cuts = 0;
  for (std::size_t n = 0; n < 2; ++n) {  // the commit's append, then its sync
    for (std::size_t torn : {0u, 1u, 100u}) {
      for (bool keep_volatile : {false, true}) {
        TestCard t(office_card_image());
        t.select_jpki();
        REQUIRE(authenticate(t) == "90 00");
        REQUIRE(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
        for (std::size_t offset = 0; offset < head.size(); offset += 255) {
          const std::size_t size = std::min<std::size_t>(255, head.size() - offset);
          Bytes part = {0x00, 0xD6, static_cast<std::uint8_t>(offset >> 8),
                        static_cast<std::uint8_t>(offset), static_cast<std::uint8_t>(size)};
          append(part, head.subspan(offset, size));
          REQUIRE(to_hex(t.transmit(part)) == "90 00");
        }
        t.storage().cut_power_at(t.storage().operations() + n, torn);
        t.transmit(last);
        TestCard after(t.storage().image_after_crash(keep_volatile));
        after.select_jpki();
        const Bytes on_card = after.read_ef(0x000A);
        INFO("cut at write " << n << ", torn " << torn << ", volatile kept " << keep_volatile);
        CHECK((on_card == old || on_card == renewed));
        ++cuts;
      }
    }
  }
  CHECK(cuts == 12);

  // RESET RETRY COUNTER with a new value: the old value and counter, or both new.
  for (std::size_t n = 0; n < 2; ++n) {
    for (bool keep_volatile : {false, true}) {
      TestCard t(office_card_image());
      t.select_jpki();
      REQUIRE(t.verify_auth("0000") == "63 C2");
      REQUIRE(authenticate(t) == "90 00");
      REQUIRE(t.tx("00 A4 02 0C 02 00 18") == "90 00");
      t.storage().cut_power_at(t.storage().operations() + n, 3);
      t.tx("00 2C 02 80 04 35 36 37 38");
      TestCard after(t.storage().image_after_crash(keep_volatile));
      after.select_jpki();
      REQUIRE(after.tx("00 A4 02 0C 02 00 18") == "90 00");
      const std::string tries = after.tx("00 20 00 80");
      INFO("cut at write " << n << ", volatile kept " << keep_volatile);
      if (tries == "63 C2") {
        CHECK(after.tx(verify_apdu("1234")) == "90 00");
      } else {
        CHECK(tries == "63 C3");
        CHECK(after.tx(verify_apdu("5678")) == "90 00");
      }
    }
  }
}
