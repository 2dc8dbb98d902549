// hostcrypto against fixed vectors: SHA-256 (FIPS 180-2's "abc"), DigestInfo bytes (RFC 8017
// §9.2 note 1), an RSA public key rebuilt from (n, e) that verifies a signature `openssl dgst
// -sha256 -sign` made, and the CV certificate parsed back after it was made.

#include <catch2/catch.hpp>

#include <string>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/pkcs1.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "iso7816/ber_tlv.hpp"
#include "tests/unit/iso7816/test_support.hpp"

using namespace mynasim;
using namespace mynasim::hostcrypto;
using mynasim::iso7816::test::hex;

namespace {

// A 1024-bit test key made once with `openssl genrsa 1024`; the signature is `openssl dgst
// -sha256 -sign` over the three bytes "abc".
const char kModulus[] =
    "ad03aa5bd02b4b87ef11dcdf58f6f076caf1df5ad1b000fd786b1d2f4707bad8"
    "85a06541aa430c582ad5091c6cdf2c51579887e2d5adacc94d73464facbca128"
    "8d78ceb502fe721c8436d1d9f9789facfe2cc34835c39455c613837e49946cc1"
    "7bf252561b76e83d19d0faae86b15ff16eb3048bca4f650f0496ebb0edee1549";
const char kSignatureOfAbc[] =
    "a9f4ae0c7b6df6bbb58c76261117a4363a1b708ab299c6b1f4e5b400f8eb7684"
    "583e8bba6d8c7709011e9d24575e24561cff7c08a839c13ccf73e6dbfb4424ba"
    "c2ef0bee0ca2d11593461a6c0bd8e110835980353ff13ac334bf04b853801e0f"
    "bcf51d4193721a039f2725f23a9c2276e890382757c2519157a2815c7ed8454a";

}  // namespace

TEST_CASE("hostcrypto: SHA-256 of \"abc\"", "[hostcrypto]") {
  CHECK(to_hex(sha256(std::string_view("abc")), '\0') ==
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  CHECK(sha256(Bytes{'a', 'b', 'c'}) == sha256(std::string_view("abc")));
}

TEST_CASE("hostcrypto: DigestInfo bytes", "[hostcrypto]") {
  const Bytes info = sha256_digest_info(sha256(std::string_view("abc")));
  CHECK(to_hex(info, '\0') ==
        "3031300D060960864801650304020105000420"
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  // The card face's three digests in one: 96 bytes, lengths still one byte each.
  const Bytes three = sha256_digest_info(Bytes(96, 0xAB));
  CHECK(to_hex(ByteView(three).first(19), '\0') == "3071300D060960864801650304020105000460");
  CHECK(three.size() == 19 + 96);
  // 200 bytes: the long length form 81 xx (15 + 3 + 200 = 0xDA inside the outer SEQUENCE).
  CHECK(to_hex(ByteView(sha256_digest_info(Bytes(200, 0))).first(21), '\0') ==
        "3081DA300D06096086480165030402010500"
        "0481C8");
  CHECK(digest_info("sha256", sha256(std::string_view("abc"))) == info);
  CHECK(to_hex(ByteView(*digest_info("sha384", Bytes(48, 1))).first(19), '\0') ==
        "3041300D060960864801650304020205000430");
  CHECK(to_hex(ByteView(*digest_info("sha512", Bytes(64, 1))).first(19), '\0') ==
        "3051300D060960864801650304020305000440");
  CHECK_FALSE(digest_info("sha256", Bytes(31, 0)).has_value());
  CHECK_FALSE(digest_info("md5", Bytes(16, 0)).has_value());
}

TEST_CASE("hostcrypto: RSA from (n, e) verifies a known signature", "[hostcrypto]") {
  const RsaPublicKey numbers{hex(kModulus), Bytes{0x01, 0x00, 0x01}};
  CHECK(numbers.bits() == 1024);
  const EvpPkeyPtr key = evp_public_key(numbers);
  CHECK(EVP_PKEY_get_bits(key.get()) == 1024);
  CHECK(rsa_public_key_of(key.get()) == numbers);  // the round trip
  const Bytes signature = hex(kSignatureOfAbc);
  const Bytes abc{'a', 'b', 'c'};
  CHECK(verify_sha256(key.get(), abc, signature));
  CHECK(verify_digest_info(key.get(), sha256_digest_info_of(abc), signature));
  CHECK(open_pkcs1_signature(key.get(), signature) == sha256_digest_info_of(abc));
  CHECK_FALSE(verify_sha256(key.get(), Bytes{'a', 'b', 'd'}, signature));
  Bytes flipped = signature;
  flipped[10] ^= 1;
  CHECK_FALSE(verify_sha256(key.get(), abc, flipped));
  CHECK_FALSE(open_pkcs1_signature(key.get(), Bytes(127, 0)).has_value());
  CHECK_THROWS_AS(evp_public_key(RsaPublicKey{}), CryptoError);
}

TEST_CASE("hostcrypto: a CV certificate made and parsed back", "[hostcrypto]") {
  const EvpPkeyPtr issuer = generate_rsa_key(2048);
  const KeyId root = make_key_id("9000020", "001");
  const RsaPublicKey subject_key = rsa_public_key_of(issuer.get());
  Bytes body(root.begin(), root.end());
  append(body, root);
  append(body, encode_card_public_key(subject_key));
  REQUIRE(body.size() == kCvBodySize);
  Bytes inner;
  iso7816::write_ber_tlv(inner, 0x5F4E, body);
  iso7816::write_ber_tlv(inner, 0x5F37, sign_sha256(issuer.get(), body));
  Bytes cert;
  iso7816::write_ber_tlv(cert, 0x7F21, inner);
  CHECK(cert.size() == kCvCertificateSize);
  const CvCertificate parsed = parse_cv_certificate(cert, "cv");
  CHECK(key_id_text(parsed.subject_key_id) == "9000020/001");
  CHECK(parsed.public_key == subject_key);
  CHECK(verify_cv_certificate(parsed, issuer.get()));
  CHECK_THROWS_WITH(make_key_id("900002", "001"),
                    "key id: 7 digits and 3 digits are needed, got \"900002\" / \"001\"");
  CHECK_THROWS_WITH(parse_cv_certificate(Bytes{0x7F, 0x21, 0x00}, "cv"), "cv: no body (5F4E)");
}
