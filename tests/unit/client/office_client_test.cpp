// The office's client (reader/client/office_client.hpp) with the office key on the host
// (pki/office_key.hpp) against the in-process card: the exact commands, an unblock with a new
// value (masked in the trace), a foreign key refused with 63C9, a renewed certificate written.

#include <catch2/catch.hpp>

#include <algorithm>

#include "card/personalize/office_key.hpp"
#include "card_channel.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "pki/in_memory_authority.hpp"
#include "pki/office_key.hpp"
#include "pki/unix_time.hpp"
#include "reader/client/jpki_client.hpp"
#include "reader/client/office_client.hpp"
#include "reader/client/pin_catalog.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

EVP_PKEY* office_key() {
  static const hostcrypto::EvpPkeyPtr kKey = hostcrypto::generate_rsa_key(2048);
  return kKey.get();
}

Bytes office_image() {
  card::store::MemoryStorage storage(issued_card().image);
  card::SeededRandom random(5);
  FixedClock clock;
  card::Env env{random, clock, storage};
  const auto parts = hostcrypto::rsa_public_key_of(office_key());
  REQUIRE(
      card::install_office_key(env, card::my_number_card_profile(), {parts.modulus, parts.exponent})
          .ok);
  Bytes image;
  REQUIRE(storage.read_all(image).ok());
  return image;
}

client::OfficeClient::Signer signer(EVP_PKEY* key) {
  return [key](ByteView challenge, ByteView serial) {
    return hostcrypto::sign_digest_info(key, pki::office_digest_info(challenge, serial));
  };
}

}  // namespace

TEST_CASE("office client: unblock a blocked PIN with a new value", "[client][office]") {
  TestCard card(office_image());
  CardChannel channel(card);
  client::JpkiClient jpki(channel);
  jpki.select();
  for (auto wrong : {"0000", "1111", "2222"})
    jpki.verify(client::PinType::kAuth, client::Secret(wrong));
  CHECK(jpki.pin_status(client::PinType::kAuth).state == client::PinStatus::State::kBlocked);

  client::OfficeClient office(channel, signer(office_key()));
  channel.sent.clear();
  const Bytes serial = office.card_serial();
  CHECK(serial.size() == 16);
  office.open(client::find_pin("auth")->aid, serial);
  const client::Secret value("5678");
  office.reset_retry_counter(0x0018, &value);
  REQUIRE(channel.sent.size() == 8);
  CHECK(channel.sent[0] == "SELECT 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
  CHECK(channel.sent[1] == "SELECT 00 A4 02 0C 02 00 06");
  CHECK(channel.sent[2] == "READ BINARY 00 B0 00 00 00");
  CHECK(channel.sent[3] == "SELECT 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
  CHECK(channel.sent[4].ends_with("00 84 00 00 08"));
  CHECK(channel.sent[5].find("00 82 00 00 00 01 00") != std::string::npos);  // 256-byte signature
  CHECK(channel.sent[6] == "SELECT 00 A4 02 0C 02 00 18");
  CHECK(channel.sent[7].ends_with("00 2C 02 80 04 ** ** ** **"));  // the new PIN never in a trace

  jpki.select();
  CHECK(jpki.pin_status(client::PinType::kAuth).tries_left == 3);
  CHECK_FALSE(jpki.verify(client::PinType::kAuth, client::Secret("1234")).ok);
  CHECK(jpki.verify(client::PinType::kAuth, client::Secret("5678")).ok);
}

TEST_CASE("office client: another office's key is refused with 63C9", "[client][office]") {
  TestCard card(office_image());
  CardChannel channel(card);
  const hostcrypto::EvpPkeyPtr foreign = hostcrypto::generate_rsa_key(2048);
  client::OfficeClient office(channel, signer(foreign.get()));
  const Bytes serial = office.card_serial();
  try {
    office.open(client::find_pin("auth")->aid, serial);
    FAIL("a foreign office key was accepted");
  } catch (const client::CardError& e) {
    CHECK(e.sw() == 0x63C9);
  }
  CHECK_THROWS_AS(office.reset_retry_counter(0x0018, nullptr), client::CardError);
}

TEST_CASE("office client: a renewed certificate is written and read back", "[client][office]") {
  TestCard card(office_image());
  CardChannel channel(card);
  const auto later = static_cast<pki::UnixTime>(1'800'000'000);
  pki::InMemoryAuthority jlis(later);
  const card::HolderRecord record = test_holder();
  const Bytes renewed = jlis.issue_auth(
      issued_card().keys.auth.to_spki_der(),
      pki::validate_holder({record.name, record.address, "1980-02-17", "2", record.my_number, ""},
                           pki::jst_date_of(later)),
      later);
  client::OfficeClient office(channel, signer(office_key()));
  office.open(client::find_pin("auth")->aid, office.card_serial());
  office.write_certificate(0x000A, renewed);
  const auto parts = std::count_if(channel.sent.begin(), channel.sent.end(), [](const auto& line) {
    // By prefix: the certificate's bytes in a line can themselves contain "00 D6".
    return line.starts_with("UPDATE BINARY 00 D6 ");
  });
  CHECK(parts == static_cast<long>((renewed.size() + 254) / 255));
  client::JpkiClient jpki(channel);
  jpki.select();
  CHECK(jpki.read_certificate(client::CertificateType::kAuth) == renewed);
  // A certificate for another key is refused (6A80) and nothing changes.
  office.open(client::find_pin("auth")->aid, office.card_serial());
  CHECK_THROWS_AS(office.write_certificate(0x000A, issued_card().certificates.sign),
                  client::CardError);
  jpki.select();
  CHECK(jpki.read_certificate(client::CertificateType::kAuth) == renewed);
}
