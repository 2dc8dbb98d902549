// COMPUTE DIGITAL SIGNATURE (80 2A 00 80): PKCS#1 v1.5 over the DigestInfo, checked with
// OpenSSL against the certificate read from the card.
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

Bytes sign_command(ByteView data, std::uint8_t p2 = 0x80) {
  iso7816::CommandApdu command;
  command.cla = 0x80;
  command.ins = 0x2A;
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
  CHECK(t.tx("80 2A 01 80 03 01 02 03 00") == "6A 86");
  CHECK(t.tx("80 2A 9E 9A 03 01 02 03 00") == "6A 86");
  CHECK(t.tx("00 2A 00 80 03 01 02 03 00") == "6D 00");  // the command is proprietary (CLA 80)
}
