// The 共通 and 住基 AP records and the MF-level GET DATA objects the issuer writes.

#include "card_info_fixture.hpp"
#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"

namespace mynasim::pki::card_info::test {
namespace {

TEST_CASE("the 共通 AP record: length byte, 01 1C, serial, municipality, expiry", "[unit]") {
  Bytes expected = {0x1E, 0x01, 0x1C};
  append(expected, ascii_bytes("900000000000001"
                               "13101"
                               "20310401"));
  CHECK(to_hex(issued().file(kCommonDf, 1)) == to_hex(expected));
}

TEST_CASE("共通 0002 and 住基 0002 hold the same 16-byte key reference record", "[unit]") {
  Bytes expected = {0x10};
  append(expected, ascii_bytes("9000014\x08\x05"
                               "001"));
  append(expected, Bytes(4, 0));
  CHECK(to_hex(issued().file(kCommonDf, 2)) == to_hex(expected));
  CHECK(issued().file(kResidentDf, 2) == expected);
}

TEST_CASE("MF GET DATA objects: ids, municipality, expiry and the CV chain", "[unit]") {
  const auto& authority = issued().authority;
  const hostcrypto::KeyId& root = authority.root_key_id();
  const hostcrypto::KeyId& signer = authority.signer().key_id;
  CHECK(issued().file(0, 0x0042) == Bytes(root.begin(), root.end()));
  CHECK(issued().file(0, 0x0045) == ascii_bytes("900000000000001"));
  CHECK(issued().file(0, 0x00F0) == ascii_bytes("13101"));
  CHECK(issued().file(0, 0x00F2) == ascii_bytes("20310401"));
  CHECK(issued().file(0, 0x00F7) == Bytes(signer.begin(), signer.end()));
  // Upper link: the root certifies the signer (EF 0004's certificate), answered like 7F21 as the
  // template's contents, without the 7F21 header (myna-card tests/fixtures/README.md).
  const Bytes& signer_certificate = authority.signer().certificate;
  CHECK(issued().file(0, 0x00F8) ==
        Bytes(signer_certificate.begin() + 5, signer_certificate.end()));
  // Lower link: GET DATA 7F21 answers the template's contents; the signer certifies the 共通 key.
  const Bytes& lower = issued().file(0, 0x7F21);
  CHECK(to_hex(Bytes(lower.begin(), lower.begin() + 5)) == "5F 4E 82 01 29");
  Bytes whole = {0x7F, 0x21, 0x82, 0x02, 0x33};
  append(whole, lower);
  const auto certificate = std::optional(hostcrypto::parse_cv_certificate(whole, "cv"));
  REQUIRE(certificate);
  CHECK(certificate->issuer_key_id == signer);
  CHECK(hostcrypto::key_id_text(certificate->subject_key_id) == "9000014/001");
  CHECK(certificate->public_key.modulus == issued().keys.common_ap->modulus);
  CHECK(hostcrypto::verify_cv_certificate(*certificate, issued().signer_public().get()));
}

}  // namespace
}  // namespace mynasim::pki::card_info::test
