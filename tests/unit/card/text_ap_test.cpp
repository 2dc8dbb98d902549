// 券面事項入力補助AP (text), byte for byte: the reads myna makes, 照合番号 counters, the blocked
// key 0012, CHANGE REFERENCE DATA of the PIN, and the AP's own signature 80 2A 00 00.
#include <catch2/catch.hpp>

#include "card/crypto/rsa_key.hpp"
#include "card_info_fixture.hpp"
#include "iso7816/ber_tlv.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

std::string as_text(ByteView v) {
  return std::string(v.begin(), v.end());
}

Bytes digest_info_of(std::string_view message) {
  return sha256_digest_info(
      ByteView(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
}

}  // namespace

TEST_CASE("myna text mynumber: SELECT AP, VERIFY 0011, SELECT 0001, READ BINARY Le=17",
          "[card-info][text][clients]") {
  TestCard t;
  CHECK(t.tx("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 11") == "90 00");
  CHECK(t.tx("00 20 00 80 04 32 34 36 38") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  // FF 10 0C, the 12 ASCII digits, FF FF filler: 17 bytes.
  CHECK(t.tx("00 B0 00 00 11") == "FF 10 0C 35 33 37 36 38 36 36 37 37 31 38 38 FF FF 90 00");
  CHECK(t.tx("00 B0 00 00 00") ==
        "FF 10 0C 35 33 37 36 38 36 36 37 37 31 38 38 FF FF 90 00");  // short read at the end
  CHECK(t.tx("00 B0 00 11 01") == "6B 00");
}

TEST_CASE("myna text attrs: a 7-byte header read, the rest, then the five objects",
          "[card-info][text][clients]") {
  TestCard t;
  t.select_df(kTextAid);
  REQUIRE(t.verify_key(0x0011, kTextPin) == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 02") == "90 00");
  // FF 20 68, then DF21 08 with the offset of DF22 (0E), DF23 (26), DF24 (5C), DF25 (67).
  CHECK(t.tx("00 B0 00 00 07") == "FF 20 68 DF 21 08 00 90 00");
  Bytes file = hex("FF 20 68 DF 21 08 00");
  const Bytes rest = t.transmit(hex("00 B0 00 07 64"));  // 0x68 + 3 - 7 = 100 bytes
  REQUIRE(rest.size() == 102);
  REQUIRE(to_hex(ByteView(rest).last(2)) == "90 00");
  file.insert(file.end(), rest.begin(), rest.end() - 2);
  CHECK(to_hex(ByteView(file).first(14)) == "FF 20 68 DF 21 08 00 0E 00 26 00 5C 00 67");

  iso7816::BerRead outer = iso7816::read_ber_tlv(file);
  REQUIRE(outer.ok());
  REQUIRE(outer.tlv.tag == 0xFF20);
  iso7816::BerReader fields(outer.tlv.value);
  iso7816::BerTlv field;
  REQUIRE(fields.next(field));
  CHECK(field.tag == 0xDF21);
  const card::HolderRecord holder = test_holder();
  const std::vector<std::pair<std::uint32_t, std::string>> expected = {
      {0xDF22, holder.name}, {0xDF23, holder.address}, {0xDF24, "19800217"}, {0xDF25, "2"}};
  for (const auto& [tag, value] : expected) {
    REQUIRE(fields.next(field));
    CHECK(field.tag == tag);
    CHECK(as_text(field.value) == value);
  }
  CHECK_FALSE(fields.next(field));
  CHECK(file == test_card_info_file(issued_card().keys, 2, 0x0002));
}

TEST_CASE("text AP: every key reports its own counter; 照合番号 have 10 tries, the PIN 3",
          "[card-info][text][pin]") {
  TestCard t;
  t.select_df(kTextAid);
  for (auto [fid, sw] : std::vector<std::pair<std::string, std::string>>{
           {"00 11", "63 C3"}, {"00 12", "63 C0"}, {"00 14", "63 CA"}, {"00 15", "63 CA"}}) {
    INFO(fid);
    CHECK(t.tx("00 A4 02 0C 02 " + fid) == "90 00");
    CHECK(t.tx("00 20 00 80") == sw);
  }
}

TEST_CASE("a wrong 照合番号A costs a try: 63C9 ... 63C0, then 6984 even for the right one",
          "[card-info][text][pin]") {
  TestCard t;
  t.select_df(kTextAid);
  CHECK(t.tx("00 A4 02 0C 02 00 14") == "90 00");
  CHECK(t.tx(verify_apdu("53768667718")) == "67 00");  // 11 digits: refused, costs nothing
  CHECK(t.tx("00 20 00 80") == "63 CA");
  for (int left = 9; left >= 0; --left) {
    INFO(left);
    CHECK(t.tx(verify_apdu("000000000000")) ==
          to_hex(Bytes{0x63, static_cast<std::uint8_t>(0xC0 | left)}));
  }
  CHECK(t.tx(verify_apdu(kCollationA)) == "69 84");
  CHECK(t.tx("00 20 00 80") == "63 C0");
  // The blocked 照合番号A closes the My Number to it, but the PIN still opens it.
  CHECK(t.verify_key(0x0011, kTextPin) == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 01") == "90 00");
  CHECK(t.sw("00 B0 00 00 11") == "90 00");
}

TEST_CASE("key 0012 is blocked from issuance: empty VERIFY 63C0, VERIFY 6984",
          "[card-info][text][pin]") {
  TestCard t;
  t.select_df(kTextAid);
  CHECK(t.tx("00 A4 02 0C 02 00 12") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 C0");
  CHECK(t.tx(verify_apdu("1234")) == "69 84");
  CHECK(t.tx(verify_apdu(kTextPin)) == "69 84");
  CHECK(t.tx("00 24 01 80 04 31 32 33 34") == "69 84");
}

TEST_CASE("text PIN: CHANGE REFERENCE DATA after VERIFY; the 照合番号 never change",
          "[card-info][text][change]") {
  TestCard t;
  t.select_df(kTextAid);
  CHECK(t.tx("00 A4 02 0C 02 00 11") == "90 00");
  CHECK(t.tx("00 24 01 80 04 31 31 31 31") == "69 82");  // not verified
  CHECK(t.tx(verify_apdu(kTextPin)) == "90 00");
  CHECK(t.tx("00 24 01 80 04 31 31 31 31") == "90 00");
  t.select_df(kTextAid);
  CHECK(t.verify_key(0x0011, kTextPin) == "63 C2");
  CHECK(t.verify_key(0x0011, "1111") == "90 00");

  CHECK(t.verify_key(0x0014, kCollationA) == "90 00");
  CHECK(t.tx("00 24 01 80 0C 31 31 31 31 31 31 31 31 31 31 31 31") == "69 82");
  CHECK(t.tx("80 32 00 80 0C 31 31 31 31 31 31 31 31 31 31 31 31") == "69 82");
  CHECK(t.verify_key(0x0014, kCollationA) == "90 00");  // unchanged
}

TEST_CASE("80 2A 00 00 signs with the text AP's own key, no credential; DF51 carries its key",
          "[card-info][text][sign]") {
  TestCard t;
  t.select_df(kTextAid);
  const Bytes digest_info = digest_info_of("challenge");
  Bytes command = hex("80 2A 00 00");
  command.push_back(static_cast<std::uint8_t>(digest_info.size()));
  append(command, digest_info);
  command.push_back(0x00);
  const Bytes response = t.transmit(command);
  REQUIRE(response.size() == 258);
  CHECK(to_hex(ByteView(response).last(2)) == "90 00");
  const auto recovered =
      card::crypto::recover_pkcs1_v15(issued_card().keys.text_ap, ByteView(response).first(256));
  REQUIRE(recovered);
  CHECK(*recovered == digest_info);

  // The key EF 0013 is not one 80 2A 00 80 uses; an empty input is 6700.
  CHECK(t.tx("00 A4 02 0C 02 00 13") == "90 00");
  CHECK(t.sw(to_hex(command).replace(9, 2, "80")) == "69 82");
  CHECK(t.tx("80 2A 00 00 00") == "67 00");

  // The signed key record holds the same public key.
  REQUIRE(t.verify_key(0x0011, kTextPin) == "90 00");
  const Bytes record = t.read_ef(0x0007);
  CHECK(to_hex(ByteView(record).first(10)) == "FF 50 82 02 13 DF 51 82 01 09");
  CHECK(Bytes(record.begin() + 10, record.begin() + 10 + 265) ==
        card_info_public_key(issued_card().keys.text_ap));

  // JPKI has no key of its own.
  t.select_jpki();
  CHECK(t.sw(to_hex(command)) == "6A 88");
}

TEST_CASE("text AP: SET SESSION KEY 6982 before the PIN, 6A80 after for data that is no key",
          "[card-info][text][sm]") {
  TestCard t;
  t.select_df(kTextAid);
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");
  REQUIRE(t.verify_key(0x0014, kCollationA) == "90 00");
  CHECK(t.tx("80 AE 00 00 02 00 00") == "69 82");
  REQUIRE(t.verify_key(0x0011, kTextPin) == "90 00");
  CHECK(t.tx("80 AE 00 00 02 00 00") == "6A 80");  // secure_messaging_test.cpp: the rest
}
