// The host-side JPKI client against a real (in-process) card: the client's exact APDUs and how it
// reads the answers. Only the PC/SC transport is left out; the integration tests cover it.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

#include "card/test_card.hpp"
#include "hostcrypto/digest_info.hpp"
#include "reader/client/jpki_client.hpp"
#include "reader/client/key_reference.hpp"
#include "tests/unit/client/card_channel.hpp"

using namespace mynasim;
using namespace mynasim::testing;
using client::CertificateType;
using client::PinStatus;
using client::PinType;
using client::Secret;

TEST_CASE("client reads each certificate by its DER header", "[client]") {
  TestCard card;
  CardChannel channel(card);
  client::JpkiClient jpki(channel);
  jpki.select();
  CHECK(jpki.read_certificate(CertificateType::kAuth) == issued_card().certificates.auth);
  CHECK(jpki.read_certificate(CertificateType::kAuthCa) == issued_card().certificates.auth_ca);
  CHECK(jpki.read_certificate(CertificateType::kSignCa) == issued_card().certificates.sign_ca);
  CHECK(channel.sent[0] == "SELECT 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01");
  CHECK(channel.sent[1] == "SELECT 00 A4 02 0C 02 00 0A");
  CHECK(channel.sent[2] == "READ BINARY 00 B0 00 00 08");
  CHECK(channel.sent[3] == "READ BINARY 00 B0 00 00 00");  // 256 bytes
}

TEST_CASE("client: the signature certificate needs the password first", "[client]") {
  TestCard card;
  CardChannel channel(card);
  client::JpkiClient jpki(channel);
  jpki.select();
  try {
    jpki.read_certificate(CertificateType::kSign);
    FAIL("read without the password");
  } catch (const client::CardError& e) {
    CHECK(e.sw() == 0x6982);
    CHECK(std::string(e.what()) ==
          "read the header of the signature certificate (EF 0001 of the JPKI application): the "
          "card answered 6982 (SECURITY STATUS NOT SATISFIED)");
    CHECK(e.category() == client::ErrorCategory::kRetryable);  // verify the password, then again
  }
  CHECK(jpki.verify(PinType::kSign, Secret(std::string(kSignPassword))).ok);
  CHECK(jpki.read_certificate(CertificateType::kSign) == issued_card().certificates.sign);
}

TEST_CASE("client: PIN status, wrong values, blocking", "[client]") {
  TestCard card;
  CardChannel channel(card);
  client::JpkiClient jpki(channel);
  jpki.select();
  auto status = jpki.pin_status(PinType::kAuth);
  CHECK(status.state == PinStatus::State::kTriesLeft);
  CHECK(status.tries_left == 3);
  CHECK(jpki.pin_status(PinType::kSign).tries_left == 5);
  auto result = jpki.verify(PinType::kAuth, Secret("0000"));
  CHECK_FALSE(result.ok);
  CHECK(result.tries_left == 2);
  CHECK_FALSE(result.blocked);
  CHECK(channel.sent.back() == "VERIFY 00 20 00 80 04 ** ** ** **");
  jpki.verify(PinType::kAuth, Secret("0000"));
  result = jpki.verify(PinType::kAuth, Secret("0000"));
  CHECK(result.blocked);
  CHECK(result.tries_left == 0);
  CHECK(jpki.pin_status(PinType::kAuth).state == PinStatus::State::kBlocked);
  result = jpki.verify(PinType::kAuth, Secret(std::string(kAuthPin)));
  CHECK(result.blocked);
  CHECK(result.sw == 0x6984);
}

TEST_CASE("client: what each answer to an empty VERIFY means", "[client]") {
  using State = PinStatus::State;
  CHECK(client::pin_status_from(0x63C3, "PIN").state == State::kTriesLeft);
  CHECK(client::pin_status_from(0x63C3, "PIN").tries_left == 3);
  CHECK(client::pin_status_from(0x63C0, "PIN").state == State::kBlocked);
  CHECK(client::pin_status_from(0x6984, "PIN").state == State::kBlocked);
  CHECK(client::pin_status_from(0x6983, "PIN").state == State::kBlocked);
  CHECK(client::pin_status_from(0x6300, "PIN").state == State::kUnlimited);
  CHECK(client::pin_status_from(0x9000, "PIN").state == State::kNotReported);
  CHECK_THROWS_WITH(client::pin_status_from(0x6A82, "auth PIN"),
                    "read the auth PIN status: the card answered 6A82 (FILE NOT FOUND)");
}

TEST_CASE("client: verified state and PIN change", "[client]") {
  TestCard card;
  CardChannel channel(card);
  client::JpkiClient jpki(channel);
  jpki.select();
  CHECK(jpki.verify(PinType::kAuth, Secret("1234")).ok);
  // The card reports tries, never a verified state (the real-card trace of OpenSC PR 959).
  CHECK(jpki.pin_status(PinType::kAuth).state == PinStatus::State::kTriesLeft);
  CHECK(jpki.pin_status(PinType::kAuth).tries_left == 3);
  CHECK(jpki.change_pin(PinType::kAuth, Secret("1234"), Secret("4321")).ok);
  CHECK(channel.sent.back() == "CHANGE REFERENCE DATA 00 24 01 80 04 ** ** ** **");
  jpki.select();
  CHECK_FALSE(jpki.verify(PinType::kAuth, Secret("1234")).ok);
  CHECK(jpki.verify(PinType::kAuth, Secret("4321")).ok);
  // A refused new value is an error with the card's word.
  CHECK_THROWS_AS(jpki.change_pin(PinType::kAuth, Secret("4321"), Secret("12")), client::CardError);
}

TEST_CASE("client: sign with each key; OpenSSL verifies with the card's certificate", "[client]") {
  TestCard card;
  CardChannel channel(card);
  client::JpkiClient jpki(channel);
  jpki.select();
  const std::string message = "hello";
  Bytes hash(32);
  unsigned int size = 0;
  EVP_Digest(message.data(), message.size(), hash.data(), &size, EVP_sha256(), nullptr);
  const Bytes digest_info = *hostcrypto::digest_info("sha256", hash);
  CHECK_THROWS_AS(jpki.sign(PinType::kAuth, digest_info), client::CardError);  // no PIN yet
  CHECK(jpki.verify(PinType::kAuth, Secret("1234")).ok);
  const Bytes signature = jpki.sign(PinType::kAuth, digest_info);
  REQUIRE(signature.size() == 256);
  const Bytes& cert_der = issued_card().certificates.auth;
  const unsigned char* p = cert_der.data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(cert_der.size()));
  EVP_PKEY* key = X509_get_pubkey(cert);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  CHECK(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1);
  CHECK(EVP_DigestVerify(ctx, signature.data(), signature.size(),
                         reinterpret_cast<const unsigned char*>(message.data()),
                         message.size()) == 1);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  X509_free(cert);
}

TEST_CASE("client: DigestInfo for sha256/384/512 and refusals", "[client]") {
  CHECK(to_hex(*hostcrypto::digest_info("sha256", Bytes(32, 0xAB))).substr(0, 56) ==
        "30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20");
  CHECK(hostcrypto::digest_info("sha384", Bytes(48, 1))->size() == 19 + 48);
  CHECK(hostcrypto::digest_info("sha512", Bytes(64, 1))->size() == 19 + 64);
  CHECK_FALSE(hostcrypto::digest_info("sha256", Bytes(31, 1)));
  CHECK_FALSE(hostcrypto::digest_info("md5", Bytes(16, 1)));
}

TEST_CASE("client: token label and certificate presence", "[client]") {
  TestCard card;
  CardChannel channel(card);
  client::JpkiClient jpki(channel);
  jpki.select();
  CHECK(client::JpkiClient::token_label(jpki.token_info()) == "JPKIAPICCTOKEN2");
  CHECK(to_hex(jpki.certificate_presence()) == "8F 8F 00");
}
