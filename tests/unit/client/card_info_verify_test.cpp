// The host-side checks: the CV certificate against each form of trust anchor, the text integrity
// file against the files it vouches for, and the DigestInfo the card face uses.

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/sha256.hpp"
#include "reader/client/card_info_verify.hpp"
#include "tests/unit/client/card_info_builders.hpp"

using namespace mynasim;
using namespace mynasim::testing;
using client::CheckStatus;

namespace {

const Bytes kRootId = key_id("6000023", "001");
const Bytes kApId = key_id("6131010", "001");

// The root signs the AP's certificate; the AP's key (test_key 0) signs the records.
hostcrypto::CvCertificate ap_certificate() {
  return hostcrypto::parse_cv_certificate(cv_certificate(test_key(1), kRootId, test_key(0), kApId),
                                          "cv");
}

Bytes pem_public_key(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  Bytes out(data, data + size);
  BIO_free(bio);
  return out;
}

}  // namespace

TEST_CASE("verify: DigestInfo for one and for three SHA-256", "[client][card-info]") {
  const Bytes one = hostcrypto::sha256_digest_info(Bytes(32, 0xAA));
  CHECK(to_hex(ByteView(one).first(19)) ==
        "30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20");
  CHECK(one.size() == 51);
  const Bytes three = hostcrypto::sha256_digest_info(Bytes(96, 0xAA));
  CHECK(to_hex(ByteView(three).first(2)) == "30 71");
  CHECK(to_hex(ByteView(three).subspan(17, 2)) == "04 60");
  CHECK(three.size() == 115);
  CHECK(to_hex(hostcrypto::sha256(bytes_of("abc")), '\0') ==
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
}

TEST_CASE("verify: the CV certificate against the root", "[client][card-info]") {
  const auto cert = ap_certificate();
  const auto none = client::check_cv_certificate(cert, nullptr);
  CHECK(none.status == CheckStatus::kNotChecked);
  CHECK(none.detail == "no trust anchor given (the CV root, --ca-cv)");

  // The root as its own CV certificate (self-signed): the key id must match too.
  const auto root_cv =
      client::parse_cv_trust_anchor(cv_certificate(test_key(1), kRootId, test_key(1), kRootId));
  CHECK(root_cv.key_id == kRootId);
  const auto ok = client::check_cv_certificate(cert, &root_cv);
  CHECK(ok.status == CheckStatus::kOk);
  CHECK(ok.detail == "issuer 6000023/001, subject 6131010/001");
  const auto other_root = client::parse_cv_trust_anchor(
      cv_certificate(test_key(1), key_id("6000033", "001"), test_key(1), key_id("6000033", "001")));
  const auto wrong_id = client::check_cv_certificate(cert, &other_root);
  CHECK(wrong_id.status == CheckStatus::kFailed);
  CHECK(wrong_id.detail == "issued by key 6000023/001, not by the root 6000033/001");

  // The root as a PEM public key, and as DER SubjectPublicKeyInfo.
  const auto pem = client::parse_cv_trust_anchor(pem_public_key(test_key(1)));
  CHECK(pem.key_id.empty());
  CHECK(client::check_cv_certificate(cert, &pem).status == CheckStatus::kOk);
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(test_key(1), &der);
  const auto spki = client::parse_cv_trust_anchor(ByteView(der, size));
  OPENSSL_free(der);
  CHECK(client::check_cv_certificate(cert, &spki).status == CheckStatus::kOk);

  // Another key: failed.
  const auto wrong_key = client::parse_cv_trust_anchor(pem_public_key(test_key(0)));
  CHECK(client::check_cv_certificate(cert, &wrong_key).status == CheckStatus::kFailed);
  CHECK_THROWS_WITH(client::parse_cv_trust_anchor(bytes_of("hello")),
                    "the CV trust anchor: neither a CV certificate (7F21) nor a public key or "
                    "certificate in PEM or DER");
}

TEST_CASE("verify: the text integrity file", "[client][card-info]") {
  const Bytes my_number = {0xFF, 0x10, 0x0C, '6', '2', '1', '4',  '9', '8',
                           '3',  '2',  '0',  '2', '5', '7', 0xFF, 0xFF};
  const Bytes attributes =
      with_offset_table(0xFF20, 0xDF21,
                        {tlv(0xDF22, "山田\u3000花子"), tlv(0xDF23, "東京都千代田区"),
                         tlv(0xDF24, "19800217"), tlv(0xDF25, "2")});
  const Bytes digests =
      concat({tlv(0xDF31, hostcrypto::sha256(my_number)),
              tlv(0xDF32, hostcrypto::sha256(client::text_attributes_digest_source(attributes)))});
  const Bytes file = tlv(0xFF30, concat({digests, tlv(0xDF33, sign_sha256(test_key(0), digests))}));
  const auto integrity = client::parse_text_integrity(file);

  auto result = client::check_text_integrity(integrity, my_number, attributes, ap_certificate());
  CHECK(result.status == CheckStatus::kOk);
  CHECK(result.detail ==
        "signature over DF31-DF32; DF31 matches the My Number file; DF32 matches the attributes");
  result = client::check_text_integrity(integrity, my_number, {}, ap_certificate());
  CHECK(result.status == CheckStatus::kOk);
  CHECK(result.detail ==
        "signature over DF31-DF32; DF31 matches the My Number file; DF32 not compared "
        "(attributes not read)");

  // The digest covers the 17 bytes as stored: the trimmed 15 do not match.
  result = client::check_text_integrity(integrity, ByteView(my_number).first(15), attributes,
                                        ap_certificate());
  CHECK(result.status == CheckStatus::kFailed);
  CHECK(result.detail == "DF31 is not the SHA-256 of the My Number file");
  Bytes other = attributes;
  other[other.size() - 1] = '1';
  result = client::check_text_integrity(integrity, my_number, other, ap_certificate());
  CHECK(result.detail == "DF32 is not the SHA-256 of the attributes");

  // A signature by the root instead of the AP's certified key.
  const Bytes forged =
      tlv(0xFF30, concat({digests, tlv(0xDF33, sign_sha256(test_key(1), digests))}));
  result = client::check_text_integrity(client::parse_text_integrity(forged), my_number, attributes,
                                        ap_certificate());
  CHECK(result.status == CheckStatus::kFailed);
}

TEST_CASE("verify: the signed AP key", "[client][card-info]") {
  const Bytes field = tlv(0xDF51, key_field(card_key(test_key(1))));
  const Bytes file = tlv(0xFF50, concat({field, tlv(0xDF52, sign_sha256(test_key(0), field))}));
  CHECK(client::check_signed_ap_key(client::parse_signed_ap_key(file), ap_certificate()).status ==
        CheckStatus::kOk);
}

TEST_CASE("verify: the AP key's signature over a challenge", "[client][card-info]") {
  const Bytes challenge(32, 0x5C);
  const Bytes signature = sign_sha256(test_key(0), challenge);
  auto result = client::check_card_signature(card_key(test_key(0)), challenge, signature);
  CHECK(result.status == CheckStatus::kOk);
  CHECK(result.name == "card-signature");
  // Another challenge, or another key: failed.
  CHECK(client::check_card_signature(card_key(test_key(0)), Bytes(32, 0x5D), signature).status ==
        CheckStatus::kFailed);
  result = client::check_card_signature(card_key(test_key(1)), challenge, signature);
  CHECK(result.status == CheckStatus::kFailed);
  result = client::check_card_signature(card_key(test_key(0)), challenge, Bytes(255, 1));
  CHECK(result.detail == "the signature is 255 bytes for a 2048-bit key");
}
