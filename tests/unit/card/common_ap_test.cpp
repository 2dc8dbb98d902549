// 共通 and 住基 APs, byte for byte: the card-info record (myna's READ RECORD by SFI), INTERNAL
// AUTHENTICATE on 共通 0019, CHANGE KEY of the two separate resident PINs, SET SESSION KEY.
#include <catch2/catch.hpp>

#include "card/crypto/rsa_key.hpp"
#include "card_info_fixture.hpp"
#include "iso7816/apdu.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

// "01 1C" + serial(15) + municipality(5) + expiry(8), as hex, then 90 00.
std::string card_info_record() {
  const std::string digits =
      std::string(kCardSerial) + std::string(kMunicipality) + std::string(kExpiry);
  return to_hex(Bytes{0x01, 0x1C}) + " " +
         to_hex(ByteView(reinterpret_cast<const std::uint8_t*>(digits.data()), digits.size())) +
         " 90 00";
}

// 00 88 00 P2 Lc challenge 00 (built by the codec: GCC 12 warns falsely on the hand-made form).
Bytes internal_authenticate(std::uint8_t p2, ByteView challenge) {
  iso7816::CommandApdu command{0x00, 0x88, 0x00, p2, Bytes(challenge.begin(), challenge.end()),
                               256,  true, false};
  return iso7816::build_command(command).value();
}

}  // namespace

TEST_CASE("myna unknown number: SELECT 共通, READ RECORD 00 B2 01 0C 00", "[card-info][common]") {
  TestCard t;
  CHECK(t.tx("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 01 00") == "90 00");
  CHECK(t.tx("00 B2 01 0C 00") == card_info_record());
  CHECK(card_info_record().substr(0, 20) == "01 1C 34 30 30 30 30");
  // myna-card: SELECT EF 0001, then READ RECORD 1 of the current EF.
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  CHECK(t.tx("00 B2 01 04 00") == card_info_record());
  CHECK(t.tx("00 B2 02 04 00") == "6A 83");
  CHECK(t.tx("00 B0 00 00 00") == "69 81");  // a record EF
}

TEST_CASE("INTERNAL AUTHENTICATE 00 88 00 99 on 共通 0019: sha256WithRSA, deterministic",
          "[card-info][common][internal-auth]") {
  TestCard t;
  t.select_df(kCommonAid);
  for (std::size_t size : {1, 16, 255}) {
    INFO(size);
    Bytes challenge(size);
    for (std::size_t i = 0; i < size; ++i) challenge[i] = static_cast<std::uint8_t>(i * 7 + 1);
    const Bytes response = t.transmit(internal_authenticate(0x99, challenge));
    REQUIRE(response.size() == 258);
    CHECK(to_hex(ByteView(response).last(2)) == "90 00");
    const auto recovered = card::crypto::recover_pkcs1_v15(issued_card().keys.common_ap,
                                                           ByteView(response).first(256));
    REQUIRE(recovered);
    CHECK(*recovered == sha256_digest_info(challenge));
    CHECK(t.transmit(internal_authenticate(0x99, challenge)) == response);  // no randomness
  }
  // 0019 selected: P2 = 80 names it too.
  CHECK(t.tx("00 A4 02 0C 02 00 19") == "90 00");
  CHECK(t.sw("00 88 00 80 01 AA 00") == "90 00");
}

TEST_CASE("INTERNAL AUTHENTICATE refuses everything else precisely",
          "[card-info][common][internal-auth]") {
  TestCard t;
  t.select_df(kCommonAid);
  CHECK(t.tx("00 88 00 99 00") == "67 00");     // no challenge
  CHECK(t.tx("00 88 00 99 01 AA") == "67 00");  // no Le
  Bytes long_challenge = hex("00 88 00 99 00 01 00");
  long_challenge.resize(7 + 256, 0xAB);
  long_challenge.push_back(0x00);
  long_challenge.push_back(0x00);
  CHECK(to_hex(t.transmit(long_challenge)) == "67 00");  // 256 bytes (extended Lc)
  CHECK(t.tx("00 88 01 99 01 AA 00") == "6A 86");
  CHECK(t.tx("00 88 00 00 01 AA 00") == "6A 86");
  CHECK(t.tx("00 88 00 9C 01 AA 00") == "6A 88");  // 001C is a PIN
  CHECK(t.tx("00 88 00 81 01 AA 00") == "6A 88");  // 0001 is a record EF
  CHECK(t.tx("00 88 00 9D 01 AA 00") == "6A 88");  // no 001D
  t.select_df(kTextAid);
  CHECK(t.tx("00 88 00 93 01 AA 00") == "69 85");  // the text AP key signs with 80 2A 00 00
  t.select_jpki();
  CHECK(t.tx("00 88 00 97 01 AA 00") == "69 82");  // JPKI auth key: behind its PIN
  REQUIRE(t.verify_auth() == "90 00");
  CHECK(t.tx("00 88 00 97 01 AA 00") == "69 82");  // and still not its command
  t.select_df(kIsdAid);
  CHECK(t.tx("00 88 00 99 01 AA 00") == "6A 88");  // the MF level has no key
}

TEST_CASE("共通 and 住基 PINs are separate key references with their own counters",
          "[card-info][common][juki][pin]") {
  TestCard t;
  t.select_df(kCommonAid);
  CHECK(t.verify_key(0x001C, "0000") == "63 C2");
  t.select_df(kJukiAid);
  CHECK(t.tx("00 A4 02 0C 02 00 1C") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
  CHECK(t.tx(verify_apdu(kResidentPin)) == "90 00");
  t.select_df(kCommonAid);
  CHECK(t.tx("00 A4 02 0C 02 00 1C") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C2");
}

TEST_CASE("CHANGE KEY 80 32 00 80 after VERIFY changes one resident PIN, not the other",
          "[card-info][common][juki][change]") {
  TestCard t;
  t.select_df(kCommonAid);
  CHECK(t.tx("00 A4 02 0C 02 00 1C") == "90 00");
  CHECK(t.tx("80 32 00 80 04 35 36 37 38") == "69 82");  // not verified
  CHECK(t.tx(verify_apdu(kResidentPin)) == "90 00");
  CHECK(t.tx("80 32 00 80 03 35 36 37") == "6A 80");     // 3 digits
  CHECK(t.tx("80 32 00 80 04 35 36 37 41") == "6A 80");  // not a digit
  CHECK(t.tx("80 32 01 80 04 35 36 37 38") == "6A 86");
  CHECK(t.tx("80 32 00 80 04 35 36 37 38 00") == "67 00");
  CHECK(t.tx("80 32 00 80") == "67 00");
  CHECK(t.tx("80 32 00 80 04 35 36 37 38") == "90 00");
  t.select_df(kCommonAid);
  CHECK(t.verify_key(0x001C, kResidentPin) == "63 C2");
  CHECK(t.verify_key(0x001C, "5678") == "90 00");
  t.select_df(kJukiAid);
  CHECK(t.verify_key(0x001C, "5678") == "63 C2");
  CHECK(t.verify_key(0x001C, kResidentPin) == "90 00");
  CHECK(t.tx("80 32 00 9C 04 31 31 31 31") == "90 00");  // 80+SFI names the key too
  t.reload();
  t.select_df(kJukiAid);
  CHECK(t.verify_key(0x001C, "1111") == "90 00");  // durable
}

TEST_CASE("SET SESSION KEY: 共通 66F1, 住基 and JPKI 6982, MF level 6982",
          "[card-info][common][juki][sm]") {
  TestCard t;
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");
  t.select_df(kCommonAid);
  CHECK(t.tx("80 AE 00 00 02 00 00") == "66 F1");
  t.select_df(kJukiAid);
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");
  REQUIRE(t.verify_key(0x001C, kResidentPin) == "90 00");
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");
  t.select_jpki();
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");
}
