// COMPUTE DIGITAL SIGNATURE (80 2A P1 80): PKCS#1 v1.5 over the DigestInfo (P1 00) and the five
// hashing schemes myna-card found (P1 01..05), each checked with OpenSSL against the certificate
// read from the card.
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

const Bytes kSha256Prefix = hex("30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20");

Bytes digest_info(std::string_view message) {
  Bytes out = kSha256Prefix;
  std::uint8_t hash[32];
  SHA256(reinterpret_cast<const unsigned char*>(message.data()), message.size(), hash);
  out.insert(out.end(), hash, hash + 32);
  return out;
}

// Verifies `signature` over `message` (SHA-256) with the key of the DER certificate `cert`.
bool openssl_verifies(const Bytes& cert, std::string_view message, ByteView signature) {
  const unsigned char* p = cert.data();
  X509* x509 = d2i_X509(nullptr, &p, static_cast<long>(cert.size()));
  REQUIRE(x509);
  EVP_PKEY* key = X509_get_pubkey(x509);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, signature.data(), signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  X509_free(x509);
  return ok;
}

// Verifies `signature` with the key of the DER certificate `cert`, padding PKCS#1 v1.5 or PSS
// (32-byte salt, MGF1-SHA-256). With `md` null the padded payload must equal `tbs` byte for byte;
// with `md` set, `tbs` is the hash (in a DigestInfo for v1.5).
bool openssl_verifies_padded(const Bytes& cert, int padding, const EVP_MD* md, ByteView tbs,
                             ByteView signature) {
  const unsigned char* p = cert.data();
  X509* x509 = d2i_X509(nullptr, &p, static_cast<long>(cert.size()));
  REQUIRE(x509);
  EVP_PKEY* key = X509_get_pubkey(x509);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
  const bool pss = padding == RSA_PKCS1_PSS_PADDING;
  const bool ok =
      EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, padding) == 1 &&
      (!md || EVP_PKEY_CTX_set_signature_md(ctx, md) == 1) &&
      (!pss || (EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, 32) == 1 &&
                EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1)) &&
      EVP_PKEY_verify(ctx, signature.data(), signature.size(), tbs.data(), tbs.size()) == 1;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(key);
  X509_free(x509);
  return ok;
}

Bytes sha256_of(std::string_view message) {
  Bytes hash(32);
  SHA256(reinterpret_cast<const unsigned char*>(message.data()), message.size(), hash.data());
  return hash;
}

Bytes ascii(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

Bytes sign_command(ByteView data, std::uint8_t p2 = 0x80, std::uint8_t p1 = 0x00) {
  iso7816::CommandApdu command;
  command.cla = 0x80;
  command.ins = 0x2A;
  command.p1 = p1;
  command.p2 = p2;
  command.data.assign(data.begin(), data.end());
  command.has_le = true;
  command.ne = 256;
  return *iso7816::build_command(command);
}

}  // namespace

TEST_CASE("the auth key signs a SHA-256 DigestInfo after the PIN; OpenSSL verifies it", "[sign]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  const Bytes response = t.transmit(sign_command(digest_info("login challenge")));
  REQUIRE(response.size() == 258);
  CHECK(to_hex(ByteView(response).last(2)) == "90 00");
  const ByteView signature = ByteView(response).first(256);
  const Bytes cert = t.read_ef(0x000A);
  CHECK(openssl_verifies(cert, "login challenge", signature));
  CHECK_FALSE(openssl_verifies(cert, "another message", signature));
  // PKCS#1 v1.5 is deterministic: the same input gives the same bytes.
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(t.transmit(sign_command(digest_info("login challenge"))) == response);
}

TEST_CASE("the signature key signs after the password; its certificate verifies it", "[sign]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_sign() == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 1A") == "90 00");
  const Bytes response = t.transmit(sign_command(digest_info("contract")));
  REQUIRE(response.size() == 258);
  CHECK(openssl_verifies(t.read_ef(0x0001), "contract", ByteView(response).first(256)));
  CHECK_FALSE(openssl_verifies(t.read_ef(0x000A), "contract", ByteView(response).first(256)));
}

TEST_CASE("each key needs its own PIN: 6982", "[sign][access]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(to_hex(t.transmit(sign_command(digest_info("x")))) == "69 82");
  CHECK(t.verify_sign() == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(to_hex(t.transmit(sign_command(digest_info("x")))) == "69 82");
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 1A") == "90 00");
  CHECK(t.transmit(sign_command(digest_info("x"))).size() == 258);
}

TEST_CASE("COMPUTE DIGITAL SIGNATURE names the key by P2 = 80 + SFI (myna-card)", "[sign]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  const Bytes response = t.transmit(sign_command(digest_info("sfi"), 0x97));
  REQUIRE(response.size() == 258);
  CHECK(openssl_verifies(issued_card().certificates.auth, "sfi", ByteView(response).first(256)));
  CHECK(to_hex(t.transmit(sign_command(digest_info("sfi"), 0x9A))) == "69 82");
  CHECK(to_hex(t.transmit(sign_command(digest_info("sfi"), 0x8A))) == "6A 88");  // a certificate
}

TEST_CASE("signing input of 1..245 bytes is accepted; 0 and 246 answer 6700", "[sign]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(t.transmit(sign_command(Bytes(1, 0x42))).size() == 258);
  CHECK(t.transmit(sign_command(Bytes(245, 0x42))).size() == 258);
  CHECK(to_hex(t.transmit(sign_command(Bytes(246, 0x42)))) == "67 00");
  CHECK(t.tx("80 2A 00 80 00") == "67 00");  // no data (case 2)
}

TEST_CASE("COMPUTE DIGITAL SIGNATURE: bad P1, no key EF, CLA 00", "[sign]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("80 2A 00 80 03 01 02 03 00") == "6A 88");  // current EF: the PIN 0018, not a key
  t.select_jpki();
  CHECK(t.tx("80 2A 00 80 03 01 02 03 00") == "69 86");  // no current EF at all
  CHECK(t.verify_auth() == "90 00");
  CHECK(t.tx("00 A4 02 0C 02 00 17") == "90 00");
  CHECK(t.tx("80 2A 06 80 03 01 02 03 00") == "6A 86");
  CHECK(t.tx("80 2A 9E 9A 03 01 02 03 00") == "6A 86");
  CHECK(t.tx("00 2A 00 80 03 01 02 03 00") == "6D 00");  // the command is proprietary (CLA 80)
}

TEST_CASE("80 2A P1 01..05: each scheme's signature verifies with the certificate's key",
          "[sign][schemes]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  const Bytes& cert = issued_card().certificates.auth;
  const std::string message = "a message the card hashes";
  const Bytes hash = sha256_of(message);
  auto sign = [&](std::uint8_t p1, const Bytes& data) {
    const Bytes response = t.transmit(sign_command(data, 0x97, p1));
    REQUIRE(response.size() == 258);
    REQUIRE(to_hex(ByteView(response).last(2)) == "90 00");
    return Bytes(response.begin(), response.end() - 2);
  };
  // 00: PKCS#1 v1.5 over the bytes as given.
  const Bytes given = ascii("any bytes at all");
  CHECK(openssl_verifies_padded(cert, RSA_PKCS1_PADDING, nullptr, given, sign(0x00, given)));
  // 01: the card's SHA-256, bare, no DigestInfo around it.
  const Bytes bare = sign(0x01, ascii(message));
  CHECK(openssl_verifies_padded(cert, RSA_PKCS1_PADDING, nullptr, hash, bare));
  CHECK_FALSE(openssl_verifies_padded(cert, RSA_PKCS1_PADDING, EVP_sha256(), hash, bare));
  // 02: a given SHA-256 hash, in a DigestInfo: an ordinary sha256WithRSAEncryption signature.
  const Bytes wrapped = sign(0x02, hash);
  CHECK(openssl_verifies_padded(cert, RSA_PKCS1_PADDING, EVP_sha256(), hash, wrapped));
  CHECK(openssl_verifies(cert, message, wrapped));
  // 03: the card hashes, then as 02: the same deterministic bytes.
  CHECK(sign(0x03, ascii(message)) == wrapped);
  // 04: PSS over a given hash; the salt is random, so two signatures differ and both verify.
  const Bytes pss = sign(0x04, hash);
  const Bytes pss_again = sign(0x04, hash);
  CHECK(pss != pss_again);
  CHECK(openssl_verifies_padded(cert, RSA_PKCS1_PSS_PADDING, EVP_sha256(), hash, pss));
  CHECK(openssl_verifies_padded(cert, RSA_PKCS1_PSS_PADDING, EVP_sha256(), hash, pss_again));
  CHECK_FALSE(
      openssl_verifies_padded(cert, RSA_PKCS1_PSS_PADDING, EVP_sha256(), sha256_of("x"), pss));
  // 05: the card hashes, then as 04.
  CHECK(openssl_verifies_padded(cert, RSA_PKCS1_PSS_PADDING, EVP_sha256(), hash,
                                sign(0x05, ascii(message))));
}

TEST_CASE("80 2A schemes with the signature key, behind its password like P1 00",
          "[sign][schemes][access]") {
  TestCard t;
  t.select_jpki();
  const Bytes hash = sha256_of("contract");
  for (std::uint8_t p1 = 0x00; p1 <= 0x05; ++p1) {
    INFO(int(p1));
    CHECK(to_hex(t.transmit(sign_command(hash, 0x9A, p1))) == "69 82");
  }
  CHECK(t.verify_sign() == "90 00");
  const Bytes response = t.transmit(sign_command(hash, 0x9A, 0x04));
  REQUIRE(response.size() == 258);
  const ByteView signature = ByteView(response).first(256);
  CHECK(openssl_verifies_padded(issued_card().certificates.sign, RSA_PKCS1_PSS_PADDING,
                                EVP_sha256(), hash, signature));
  CHECK_FALSE(openssl_verifies_padded(issued_card().certificates.auth, RSA_PKCS1_PSS_PADDING,
                                      EVP_sha256(), hash, signature));
}

TEST_CASE("80 2A scheme lengths: no data 6700; a hash that is not 32 bytes 6985; other P1 6A86",
          "[sign][schemes]") {
  TestCard t;
  t.select_jpki();
  CHECK(t.verify_auth() == "90 00");
  for (const char* p1 : {"01", "02", "03", "04", "05"}) {
    INFO(p1);
    CHECK(t.tx(std::string("80 2A ") + p1 + " 97 00") == "67 00");  // case 2: no data
  }
  for (std::uint8_t p1 : {0x02, 0x04}) {
    INFO(int(p1));
    CHECK(to_hex(t.transmit(sign_command(Bytes(31, 0x42), 0x97, p1))) == "69 85");
    CHECK(to_hex(t.transmit(sign_command(Bytes(33, 0x42), 0x97, p1))) == "69 85");
    CHECK(t.transmit(sign_command(Bytes(32, 0x42), 0x97, p1)).size() == 258);
  }
  for (std::uint8_t p1 : {0x01, 0x03, 0x05}) {  // the card hashes: any length a short Lc carries
    INFO(int(p1));
    CHECK(t.transmit(sign_command(Bytes(1, 0x42), 0x97, p1)).size() == 258);
    CHECK(t.transmit(sign_command(Bytes(255, 0x42), 0x97, p1)).size() == 258);
  }
  for (const char* p1 : {"06", "07", "80", "FF"}) {
    INFO(p1);
    CHECK(t.tx(std::string("80 2A ") + p1 + " 97 01 42 00") == "6A 86");
  }
  // The text and surface applications' own key (P2 = 00) takes P1 00 only.
  t.select_df(kTextAid);
  CHECK(t.tx("80 2A 03 00 01 42 00") == "6A 86");
  CHECK(t.transmit(sign_command(Bytes(51, 0x42), 0x00, 0x00)).size() == 258);
}
