// The APDU sequences real clients send (reference §3, §6, §7; pcsc-stack.md §5.4), replayed
// byte for byte against the card.
#include <catch2/catch.hpp>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {
std::string header_of(const Bytes& der, std::size_t n) {
  return to_hex(ByteView(der).first(n)) + " 90 00";
}
}  // namespace

TEST_CASE("OpenSC pkcs15-jpki bind: PIN queries and 4-byte header reads", "[clients][opensc]") {
  TestCard t;
  const auto& c = issued_card().certificates;
  CHECK(t.tx("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C3");
  CHECK(t.tx("00 A4 02 0C 02 00 1B") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C5");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == header_of(c.auth, 4));
  // The signature certificate is private: its header read is refused until the password.
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == "69 82");
  CHECK(t.tx("00 A4 02 0C 02 00 0B") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == header_of(c.auth_ca, 4));
  CHECK(t.tx("00 A4 02 0C 02 00 02") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == header_of(c.sign_ca, 4));
  // Every certificate starts 30 82 LL LL: the 4 bytes give its size.
  for (const Bytes* der : {&c.auth, &c.auth_ca, &c.sign, &c.sign_ca}) {
    REQUIRE((*der)[0] == 0x30);
    REQUIRE((*der)[1] == 0x82);
    CHECK(read_u16(*der, 2) + 4u == der->size());
  }
}

TEST_CASE("OpenSC sign: SELECT AP, VERIFY, SELECT key, 80 2A 00 80 ... 00", "[clients][opensc]") {
  TestCard t;
  CHECK(t.tx("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80 04 31 32 33 34") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  const Bytes response =
      t.transmit(hex("80 2A 00 80 33 30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20"
                     " 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 "
                     "19 1A 1B 1C 1D 1E 1F"
                     " 00"));
  CHECK(response.size() == 258);
  CHECK(to_hex(ByteView(response).last(2)) == "90 00");
  // Logout = re-SELECT of the AP: the key is locked again.
  CHECK(t.tx("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(t.tx("80 2A 00 80 03 01 02 03 00") == "69 82");
}

TEST_CASE("myna / jpki-rs: 7-byte header read, then 256-byte chunks with Le=00", "[clients]") {
  TestCard t;
  const Bytes& cert = issued_card().certificates.auth;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 B0 00 00 07") == header_of(cert, 7));
  Bytes assembled;
  for (std::size_t offset = 0; offset < cert.size(); offset += 256) {
    Bytes read = {0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                  static_cast<std::uint8_t>(offset), 0x00};
    Bytes response = t.transmit(read);
    REQUIRE(to_hex(ByteView(response).last(2)) == "90 00");
    assembled.insert(assembled.end(), response.begin(), response.end() - 2);
  }
  CHECK(assembled == cert);
}

TEST_CASE("myna: signature certificate after the password, read in 255-byte chunks (LULI)",
          "[clients]") {
  TestCard t;
  const Bytes& cert = issued_card().certificates.sign;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 1B") == "90 00");
  CHECK(t.tx("00 20 00 80 09 53 49 47 4E 50 41 53 53 31") == "90 00");  // SIGNPASS1
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  Bytes assembled;
  for (std::size_t offset = 0; offset < cert.size(); offset += 255) {
    Bytes read = {0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                  static_cast<std::uint8_t>(offset), 0xFF};
    Bytes response = t.transmit(read);
    REQUIRE(to_hex(ByteView(response).last(2)) == "90 00");
    assembled.insert(assembled.end(), response.begin(), response.end() - 2);
  }
  CHECK(assembled == cert);
}

TEST_CASE("myna-card: token type from EF 0006, availability from 0008, sign by SFI", "[clients]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 06") == "90 00");
  const Bytes label = t.transmit(hex("00 B0 00 00 20"));
  CHECK(std::string(label.begin(), label.end() - 2) == "JPKIAPICCTOKEN2                 ");
  CHECK(t.tx("00 A4 02 0C 02 00 08") == "90 00");
  CHECK(t.tx("00 B0 00 00 00") == "8F 8F 00 90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 18") == "90 00");
  CHECK(t.tx("00 20 00 80 04 31 32 33 34") == "90 00");
  CHECK(t.transmit(hex("80 2A 00 97 02 01 02 00")).size() == 258);
}

TEST_CASE("the Android token profile protects the auth certificate with the PIN",
          "[clients][profile]") {
  // A separate image: the same files, under the smartphone token's profile.
  const IssuedCard token = android_token_card(test_credentials());
  const card::JpkiCertificates& certs = token.certificates;
  TestCard t(token.image, card::android_token_profile());
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 06") == "90 00");
  const Bytes label = t.transmit(hex("00 B0 00 00 20"));
  CHECK(std::string(label.begin(), label.end() - 2) == "JPKIAPGPSETOKEN                 ");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == "69 82");
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 0A") == "90 00");
  CHECK(t.tx("00 B0 00 00 04") == header_of(certs.auth, 4));
}
