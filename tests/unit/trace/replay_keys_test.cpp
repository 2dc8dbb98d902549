// replay's signature check (tools/mynasim/replay_keys): a signature by JPKI key 0017 must verify
// with the certificate the same card hands out in EF 000A; one by another key is a divergence.

#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <ctime>

#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/in_memory_authority.hpp"
#include "pki/unix_time.hpp"
#include "reader/client/card_info_verify.hpp"
#include "tools/mynasim/replay_keys.hpp"

using namespace mynasim;
using namespace mynasim::tools::replay;

namespace {

Bytes spki_of(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(key, &der);
  Bytes out(der, der + n);
  OPENSSL_free(der);
  return out;
}

// PKCS#1 v1.5 over the bytes as given (what the card does for 80 2A 00 80).
Bytes sign_raw(EVP_PKEY* key, ByteView data) {
  std::unique_ptr<EVP_PKEY_CTX, hostcrypto::OpenSslDeleter<EVP_PKEY_CTX_free>> ctx(
      EVP_PKEY_CTX_new(key, nullptr));
  REQUIRE(EVP_PKEY_sign_init(ctx.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1);
  std::size_t size = 512;
  Bytes out(size);
  REQUIRE(EVP_PKEY_sign(ctx.get(), out.data(), &size, data.data(), data.size()) == 1);
  out.resize(size);
  return out;
}

}  // namespace

TEST_CASE("a signature is checked with the card's own certificate for the key") {
  const auto now = static_cast<pki::UnixTime>(std::time(nullptr));
  pki::InMemoryAuthority jlis(now);
  const pki::Holder holder =
      pki::validate_holder({"個人番号\u3000太郎", "東京都千代田区永田町１丁目７番１号",
                            "1990-04-01", "1", "621498320257", ""},
                           pki::jst_date_of(now));
  const hostcrypto::EvpPkeyPtr card_key = hostcrypto::generate_rsa_key();
  const hostcrypto::EvpPkeyPtr other_key = hostcrypto::generate_rsa_key();
  const Bytes cert = jlis.issue_auth(spki_of(card_key.get()), holder, now);
  REQUIRE(der_length(cert) == cert.size());

  KeyChecks keys("/nonexistent/keys.img");  // the certificate comes from the replay's reads
  for (std::size_t offset = 0; offset < cert.size(); offset += 256) {
    const Bytes chunk(
        cert.begin() + static_cast<std::ptrdiff_t>(offset),
        cert.begin() + static_cast<std::ptrdiff_t>(std::min(cert.size(), offset + 256)));
    keys.record_read(App::kJpki, 0x000A,
                     iso7816::make_command(0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                                           static_cast<std::uint8_t>(offset), {}, 256),
                     chunk);
  }
  const Bytes digest_info = hostcrypto::sha256_digest_info(hostcrypto::sha256(Bytes{'h', 'i'}));
  const auto command = iso7816::make_command(0x80, 0x2A, 0x00, 0x80, digest_info, 256);
  bool checked = false;
  CHECK_FALSE(keys.check_signature(App::kJpki, 0x0017, command,
                                   sign_raw(card_key.get(), digest_info), checked));
  CHECK(checked);
  const auto bad = keys.check_signature(App::kJpki, 0x0017, command,
                                        sign_raw(other_key.get(), digest_info), checked);
  REQUIRE(bad);
  CHECK(bad->what == "signature");
  CHECK(bad->expected == "verifies with the certificate in EF 000A");
  CHECK(bad->got == "does not verify");
  // The text application's key, when the trace did not read EF 0007: the length is all there is.
  const auto ap_command = iso7816::make_command(0x80, 0x2A, 0x00, 0x00, digest_info, 256);
  CHECK_FALSE(keys.check_signature(App::kText, std::nullopt, ap_command, Bytes(256, 1), checked));
  CHECK_FALSE(checked);
  // 共通's INTERNAL AUTHENTICATE: its public key is not on the card.
  const auto internal = iso7816::make_command(0x00, 0x88, 0x00, 0x99, Bytes(16, 7), 256);
  CHECK_FALSE(keys.check_signature(App::kCommon, 0x0019, internal, Bytes(256, 1), checked));
  CHECK_FALSE(checked);

  std::vector<std::string> partial;
  CHECK(keys.check_certificates(partial).empty());
  CHECK(partial.empty());
}

TEST_CASE("certificate EFs: whole DER required, a partial read is a note") {
  KeyChecks keys("/nonexistent/keys.img");
  Bytes not_der = {0x30, 0x82, 0x00, 0x10};
  not_der.resize(20, 0x05);
  keys.record_read(App::kJpki, 0x000B, iso7816::make_command(0x00, 0xB0, 0, 0, {}, 256), not_der);
  Bytes part = {0x30, 0x82, 0x04, 0x58};
  part.resize(256, 0x01);
  keys.record_read(App::kJpki, 0x0002, iso7816::make_command(0x00, 0xB0, 0, 0, {}, 256), part);
  keys.record_read(App::kJpki, 0x0001, iso7816::make_command(0x00, 0xB0, 0, 0, {}, 4),
                   Bytes(part.begin(), part.begin() + 4));
  std::vector<std::string> partial;
  const auto bad = keys.check_certificates(partial);
  REQUIRE(bad.size() == 1);
  CHECK(bad[0] == "EF 000B is not a DER X.509 certificate");
  REQUIRE(partial.size() == 1);
  CHECK(partial[0] ==
        "EF 0002: the trace read 256 of the simulated card's 1116 bytes (the client's reads "
        "followed the trace card's length)");
}
