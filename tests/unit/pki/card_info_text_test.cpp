// 券面事項入力補助AP files as the issuer makes them: byte layouts of reference §2.2, digests and
// the issuer's signatures checked with OpenSSL against the CV certificate in EF 0004.

#include "card_info_fixture.hpp"
#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/card_info/tlv_building.hpp"

namespace mynasim::pki::card_info::test {
namespace {

TEST_CASE("text 0001 is FF 10 0C, the 12 digits and FF FF: 17 bytes", "[unit]") {
  const Bytes expected = {0xFF, 0x10, 0x0C, '6', '2', '1', '4',  '9', '8',
                          '3',  '2',  '0',  '2', '5', '7', 0xFF, 0xFF};
  CHECK(issued().file(kTextDf, 1) == expected);
}

TEST_CASE("text 0002: FF 20 with the DF21 offsets pointing at DF22-DF25", "[unit]") {
  const Bytes& file = issued().file(kTextDf, 2);
  const std::string name = "個人番号\u3000太郎";
  const std::string address = "東京都千代田区永田町１丁目７番１号";
  // 3-byte FF 20 header, DF21 08 + 8 offset bytes, then the four fields in order.
  Bytes fields = tlv(0xDF22, ascii(name));
  append(fields, tlv(0xDF23, ascii(address)));
  append(fields, Bytes{0xDF, 0x24, 0x08, '1', '9', '9', '0', '0', '4', '0', '1'});
  append(fields, Bytes{0xDF, 0x25, 0x01, '1'});
  const std::size_t name_at = 3 + 11, address_at = name_at + 3 + name.size(),
                    birth_at = address_at + 3 + address.size(), sex_at = birth_at + 11;
  Bytes expected = {0xFF, 0x20, static_cast<std::uint8_t>(11 + fields.size()), 0xDF, 0x21, 0x08};
  for (std::size_t at : {name_at, address_at, birth_at, sex_at})
    append_u16(expected, static_cast<std::uint16_t>(at));
  append(expected, fields);
  CHECK(to_hex(file) == to_hex(expected));
  for (auto [at, tag] :
       {std::pair{name_at, 0x22}, {address_at, 0x23}, {birth_at, 0x24}, {sex_at, 0x25}}) {
    CHECK(file[at] == 0xDF);
    CHECK(file[at + 1] == tag);
  }
}

TEST_CASE("text 0003: 336 bytes, the two digests and a signature by the EF 0004 key", "[unit]") {
  const Bytes& file = issued().file(kTextDf, 3);
  REQUIRE(file.size() == kIntegrityFileSize);
  CHECK(to_hex(Bytes(file.begin(), file.begin() + 8)) == "FF 30 82 01 4B DF 31 20");
  const Bytes& my_number = issued().file(kTextDf, 1);
  const Bytes& attributes = issued().file(kTextDf, 2);
  CHECK(child(file, 0xDF31).value == hostcrypto::sha256(my_number));
  // The FF20 value minus the DF21 object: from DF22 (offset 14 here) to the end.
  CHECK(child(file, 0xDF32).value ==
        hostcrypto::sha256(Bytes(attributes.begin() + 14, attributes.end())));
  const Object signature = child(file, 0xDF33);
  CHECK(to_hex(Bytes(signature.bytes.begin(), signature.bytes.begin() + 5)) == "DF 33 82 01 00");
  CHECK(signature.offset == 5 + 70);
  const Bytes signed_part(file.begin() + 5, file.begin() + 75);
  CHECK(hostcrypto::verify_sha256(issued().signer_public().get(), signed_part, signature.value));
  Bytes tampered = signed_part;
  tampered[10] ^= 1;
  CHECK_FALSE(hostcrypto::verify_sha256(issued().signer_public().get(), tampered, signature.value));
}

TEST_CASE("text 0004: a 568-byte CV certificate of the signer, certified by the root", "[unit]") {
  const Bytes& file = issued().file(kTextDf, 4);
  REQUIRE(file.size() == hostcrypto::kCvCertificateSize);
  CHECK(to_hex(Bytes(file.begin(), file.begin() + 10)) == "7F 21 82 02 33 5F 4E 82 01 29");
  CHECK(to_hex(Bytes(file.begin() + 307, file.begin() + 312)) == "5F 37 82 01 00");
  const Bytes body(file.begin() + 10, file.begin() + 307);
  const auto& authority = issued().authority;
  CHECK(Bytes(body.begin(), body.begin() + 16) ==
        Bytes(authority.root_key_id().begin(), authority.root_key_id().end()));
  CHECK(to_hex(Bytes(body.begin() + 16, body.begin() + 32), 0) ==
        to_hex(ascii_bytes("9123456\x08\x05"
                           "001"),
               0) +
            "00000000");
  CHECK(to_hex(Bytes(body.begin() + 32, body.begin() + 41)) == "90 03 01 00 01 91 82 01 00");
  CHECK(Bytes(body.begin() + 41, body.end()) ==
        hostcrypto::rsa_public_key_of(authority.signer().key.get()).modulus);
  CHECK(hostcrypto::verify_sha256(authority.root_public_key(), body,
                                  Bytes(file.begin() + 312, file.end())));
  // Same certificate in the surface AP; the root's own certificate is self-signed.
  CHECK(issued().file(kSurfaceDf, 4) == file);
  const auto root =
      std::optional(hostcrypto::parse_cv_certificate(authority.root_certificate(), "cv"));
  REQUIRE(root);
  CHECK(root->issuer_key_id == root->subject_key_id);
  CHECK(hostcrypto::verify_cv_certificate(*root, authority.root_public_key()));
  CHECK(hostcrypto::key_id_text(root->subject_key_id) == "9000020/001");
}

TEST_CASE("text 0005: FF 40 basic data, DF43 = SHA-256 of the AP key + 96 FF", "[unit]") {
  const Bytes& file = issued().file(kTextDf, 5);
  const Bytes key = hostcrypto::encode_card_public_key(issued().keys.text_ap);
  Bytes expected_tail = hostcrypto::sha256(key);
  expected_tail.resize(128, 0xFF);
  Bytes expected = {0xFF, 0x40, 0x81, 0x9E, 0xDF, 0x41, 0x04,
                    0x01, 0x03, 0x0E, 0x01, 0xDF, 0x42, 0x10};
  append(expected, ascii_bytes("9000034\x08\x05"
                               "001"));
  append(expected, Bytes(4, 0));
  append(expected, Bytes{0xDF, 0x43, 0x81, 0x80});
  append(expected, expected_tail);
  CHECK(to_hex(file) == to_hex(expected));
}

TEST_CASE("text 0006 A1 key, 0007 the AP key signed, 0008 16 x FF", "[unit]") {
  const Bytes key = hostcrypto::encode_card_public_key(issued().keys.text_ap);
  REQUIRE(key.size() == 265);
  CHECK(issued().file(kTextDf, 6) == tlv(0xA1, key));
  const Bytes& file = issued().file(kTextDf, 7);
  REQUIRE(file.size() == 536);
  CHECK(to_hex(Bytes(file.begin(), file.begin() + 9)) == "FF 50 82 02 13 DF 51 82 01");
  const Object key_object = child(file, 0xDF51);
  CHECK(key_object.value == key);
  const Object signature = child(file, 0xDF52);
  CHECK(to_hex(Bytes(signature.bytes.begin(), signature.bytes.begin() + 5)) == "DF 52 82 01 00");
  CHECK(
      hostcrypto::verify_sha256(issued().signer_public().get(), key_object.bytes, signature.value));
  CHECK(issued().file(kTextDf, 8) == Bytes(16, 0xFF));
}

TEST_CASE("the offset table counts from the file's first byte with a long header", "[unit]") {
  const Bytes big(300, 0xAB);
  const Bytes file = with_offset_table(0xFF20, 0xDF21, {tlv(0xDF22, big), tlv(0xDF23, Bytes{1})});
  // FF 20 82 01 3C (5) + DF 21 04 + 4 (7) = 12; DF 22 82 01 2C + 300 = 305 -> DF23 at 317.
  CHECK(to_hex(Bytes(file.begin(), file.begin() + 12)) == "FF 20 82 01 3C DF 21 04 00 0C 01 3D");
  CHECK(file[12] == 0xDF);
  CHECK(file[0x13D] == 0xDF);
  CHECK(file[0x13E] == 0x23);
}

}  // namespace
}  // namespace mynasim::pki::card_info::test
