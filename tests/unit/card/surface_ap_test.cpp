// 券面事項確認AP (surface), byte for byte: jpki-rs' card-face read with PIN A and with PIN B,
// the age record behind the 生年月日 key, myna-card's challenge signed with the card key.
#include <catch2/catch.hpp>

#include "card/crypto/rsa_key.hpp"
#include "card_info_fixture.hpp"
#include "iso7816/ber_tlv.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

// jpki-rs Card::read_der_size then Card::read: a 7-byte read, the DER size from it, then
// chunks of Le=00 and a last one of Le = size & FF, stopping at a short answer.
Bytes jpki_rs_read(TestCard& t) {
  const Bytes head = t.transmit(hex("00 B0 00 00 07"));
  REQUIRE(head.size() == 9);
  std::size_t header = 0, length = 0;
  REQUIRE(iso7816::read_ber_header(ByteView(head).first(7), nullptr, &header, &length) ==
          iso7816::BerError::kNone);
  const std::size_t size = header + length;
  Bytes out;
  for (std::size_t pos = 0; pos < size;) {
    const std::uint8_t le = size - pos > 0xFF ? 0 : static_cast<std::uint8_t>(size & 0xFF);
    const Bytes chunk = t.transmit(
        Bytes{0x00, 0xB0, static_cast<std::uint8_t>(pos >> 8), static_cast<std::uint8_t>(pos), le});
    REQUIRE(chunk.size() >= 2);
    REQUIRE(to_hex(ByteView(chunk).last(2)) == "90 00");
    out.insert(out.end(), chunk.begin(), chunk.end() - 2);
    pos += chunk.size() - 2;
    if (le != 0 && chunk.size() - 2 < le) break;
  }
  return out;
}

void check_card_face(const Bytes& face) {
  CHECK(face == test_card_info_file(issued_card().keys, 3, 0x0002));
  iso7816::BerRead outer = iso7816::read_ber_tlv(face);
  REQUIRE(outer.ok());
  CHECK(outer.tlv.tag == 0xFF20);
  iso7816::BerReader fields(outer.tlv.value);
  std::vector<std::uint32_t> tags;
  iso7816::BerTlv field;
  while (fields.next(field)) {
    tags.push_back(field.tag);
    if (field.tag == 0xDF22)
      CHECK(std::string(field.value.begin(), field.value.end()) == "19800217");
    if (field.tag == 0xDF24)
      CHECK(Bytes(field.value.begin(), field.value.end()) ==
            card_info_public_key(issued_card().keys.surface_ap));
    if (field.tag == 0xDF29) CHECK(std::string(field.value.begin(), field.value.end()) == kExpiry);
  }
  CHECK(tags == std::vector<std::uint32_t>{0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27,
                                           0xDF28, 0xDF29, 0xDF2A});
}

}  // namespace

TEST_CASE("jpki-rs read_surface with Pin::A: VERIFY 0013 with the My Number, read 0002",
          "[card-info][surface][clients]") {
  TestCard t;
  CHECK(t.tx("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 13") == "90 00");
  CHECK(t.tx("00 20 00 80 0C 35 33 37 36 38 36 36 37 37 31 38 38") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 02") == "90 00");
  check_card_face(jpki_rs_read(t));
}

TEST_CASE("jpki-rs read_surface with Pin::B: VERIFY 0012 with 和暦 YYMMDD + YYYY + code",
          "[card-info][surface][clients]") {
  TestCard t;
  CHECK(t.tx("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 12") == "90 00");
  CHECK(t.tx("00 20 00 80 0E 35 35 30 32 31 37 32 30 33 35 32 32 38 35") == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 02") == "90 00");
  check_card_face(jpki_rs_read(t));
  // 照合番号B does not open the rendered My Number.
  CHECK(t.tx("00 A4 02 0C 02 00 05") == "90 00");
  CHECK(t.tx("00 B0 00 00 07") == "69 82");
}

TEST_CASE("surface: the 生年月日 key opens the age record FF10 with the card key",
          "[card-info][surface]") {
  TestCard t;
  t.select_df(kSurfaceAid);
  CHECK(t.verify_key(0x0011, "550218") == "63 C9");
  CHECK(t.tx("00 20 00 80") == "63 C9");
  CHECK(t.tx(verify_apdu(kBirthDateKey)) == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 CA");  // verified, the counter full again: never 9000
  const Bytes age = t.read_ef(0x0001);
  CHECK(to_hex(ByteView(age).first(17)) == "FF 10 82 02 1E DF 11 08 31 39 38 30 30 32 31 37 DF");
  CHECK(age.size() == 0x21E + 5);
}

TEST_CASE("surface: each key reports its own counter, 10 tries each (CHOSEN/second-hand)",
          "[card-info][surface][pin]") {
  TestCard t;
  t.select_df(kSurfaceAid);
  for (auto fid : {"00 11", "00 12", "00 13"}) {
    INFO(fid);
    CHECK(t.tx(std::string("00 A4 02 0C 02 ") + fid) == "90 00");
    CHECK(t.tx("00 20 00 80") == "63 CA");
  }
  CHECK(t.verify_key(0x0012, "55021720350000") == "63 C9");
  t.select_df(kTextAid);  // text 0015 is another key with the same value
  CHECK(t.tx("00 A4 02 0C 02 00 15") == "90 00");
  CHECK(t.tx("00 20 00 80") == "63 CA");
}

TEST_CASE(
    "myna-card surface.sign: GET CHALLENGE 16, 80 2A 00 00 over its SHA-256 DigestInfo, "
    "verified with the card face's DF24 key",
    "[card-info][surface][sign]") {
  TestCard t;
  t.select_df(kSurfaceAid);
  const Bytes challenge_response = t.transmit(hex("00 84 00 00 10"));
  REQUIRE(challenge_response.size() == 18);
  const ByteView challenge = ByteView(challenge_response).first(16);
  const Bytes digest_info = sha256_digest_info(challenge);
  Bytes command = hex("80 2A 00 00 33");
  append(command, digest_info);
  command.push_back(0x00);
  const Bytes response = t.transmit(command);
  REQUIRE(response.size() == 258);
  CHECK(to_hex(ByteView(response).last(2)) == "90 00");
  const auto recovered =
      card::crypto::recover_pkcs1_v15(issued_card().keys.surface_ap, ByteView(response).first(256));
  REQUIRE(recovered);
  CHECK(*recovered == digest_info);
}

TEST_CASE("surface: SET SESSION KEY answers 66F1 with or without a credential",
          "[card-info][surface][sm]") {
  TestCard t;
  t.select_df(kSurfaceAid);
  CHECK(t.tx("80 AE 00 00 02 00 00") == "66 F1");
  REQUIRE(t.verify_key(0x0013, kCollationA) == "90 00");
  CHECK(t.tx("80 AE 00 00 02 00 00") == "66 F1");
}
