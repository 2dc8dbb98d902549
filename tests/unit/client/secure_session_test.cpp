// The host's secure-messaging session (reader/client/secure_messaging.hpp) against the card in
// process: EF 0006 read and parsed, SET SESSION KEY, the APDUs it sends, the counter it keeps,
// and what it does once the card has ended the session.
#include <catch2/catch.hpp>

#include "iso7816/status_words.hpp"
#include "reader/client/card_error.hpp"
#include "reader/client/secure_messaging.hpp"
#include "reader/client/text_client.hpp"
#include "tests/unit/client/card_channel.hpp"

using namespace mynasim;
using namespace mynasim::testing;

TEST_CASE("client SecureSession reads the My Number and presents 照合番号A under SM",
          "[client][sm]") {
  TestCard card;
  CardChannel channel(card);
  client::TextClient text(channel);
  text.select();
  REQUIRE(text.verify(client::TextKey::kPin, client::Secret(std::string(kTextPin))).ok);
  const auto key = client::parse_session_key_file(text.read_session_key_file());
  CHECK(key.modulus == issued_card().keys.text_session.modulus);
  // Without the PIN (SELECT cleared it) the card refuses the delivery.
  text.select();
  try {
    client::SecureSession refused(channel, key);
    FAIL("no error");
  } catch (const client::CardError& e) {
    CHECK(e.sw() == iso7816::sw::kSecurityStatusNotSatisfied);
  }
  REQUIRE(text.verify(client::TextKey::kPin, client::Secret(std::string(kTextPin))).ok);

  client::SecureSession sm(channel, key);
  channel.sent.clear();
  const Bytes file = sm.read_ef(0x0001);
  CHECK(client::parse_my_number_file(file) == kCollationA);
  CHECK(file.size() == 17);
  CHECK(sm.verify(0x0014, client::Secret(std::string(kCollationA))).ok);
  const auto wrong = sm.verify(0x0014, client::Secret("537686677189"));
  CHECK(wrong.tries_left == 9);
  CHECK(sm.verify(0x0014, client::Secret(std::string(kCollationA))).ok);
  CHECK(sm.counter() == 6);
  REQUIRE(channel.sent.size() == 5);
  CHECK(channel.sent[0].rfind("SELECT 08 A4 02 0C 13 86 11 01 ", 0) == 0);
  CHECK(channel.sent[1] == "READ BINARY 08 B0 00 00 00 00 05 96 03 00 00 00 00 00");
  CHECK(channel.sent[2].rfind("VERIFY 08 20 00 94 13 **", 0) == 0);

  // A plain SELECT of the application ends the session on the card: the next SM command gets
  // the fixed answer (6882), after which the session sends nothing more.
  text.select();
  REQUIRE(text.verify(client::TextKey::kPin, client::Secret(std::string(kTextPin))).ok);
  try {
    sm.select_ef(0x0001);
    FAIL("no error");
  } catch (const client::CardError& e) {
    CHECK(e.sw() == iso7816::sw::kSecureMessagingNotSupported);
  }
  CHECK_THROWS_AS(sm.read_binary(0, 0), client::CardError);
  client::SecureSession again = text.open_secure_session();  // reads EF 0006 itself
  // Break it: a READ BINARY the card cannot parse is not something the session sends, so end it
  // from the card's side with CLA 0C through the channel, then watch the session refuse to send.
  channel.transmit(iso7816::make_command(0x0C, 0xA4, 0x02, 0x0C, Bytes{0x00, 0x01}));
  const std::size_t sent = channel.sent.size();
  try {
    again.select_ef(0x0001);
    FAIL("no error");
  } catch (const client::CardError& e) {
    CHECK(e.sw() == iso7816::sw::kSecureMessagingUnsupportedJicsap);
  }
  CHECK(channel.sent.size() == sent + 1);  // the card said 69FC once
  CHECK_THROWS_AS(again.read_binary(0, 0), client::CardError);
  CHECK(channel.sent.size() == sent + 1);  // and nothing more was sent
}
