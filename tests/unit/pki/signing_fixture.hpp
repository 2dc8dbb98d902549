// What the tests of signed documents (pki/cms, pki/pdfverify) share: a key that signs DigestInfos
// given whole with RSASSA-PKCS1-v1_5, as the card's signature key does (80 2A over a DigestInfo),
// and an authority with a card, its OCSP responder and a TSA; signatures made a day after the
// card was issued, verified a day later.
#pragma once

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <catch2/catch.hpp>

#include "authority_fixture.hpp"
#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/cms/cms_signer.hpp"
#include "pki/cms/cms_verifier.hpp"
#include "pki/ocsp_responder.hpp"
#include "pki/tsa/tsa_client.hpp"
#include "pki/tsa/tsa_responder.hpp"

namespace mynasim::pki::test {

inline cms::RawSigner software_signer(EVP_PKEY* key) {
  return [key](ByteView digest_info) {
    hostcrypto::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
    REQUIRE(EVP_PKEY_sign_init(ctx.get()) == 1);
    REQUIRE(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1);
    std::size_t length = 0;
    REQUIRE(EVP_PKEY_sign(ctx.get(), nullptr, &length, digest_info.data(), digest_info.size()) ==
            1);
    Bytes signature(length);
    REQUIRE(EVP_PKEY_sign(ctx.get(), signature.data(), &length, digest_info.data(),
                          digest_info.size()) == 1);
    signature.resize(length);
    return signature;
  };
}

struct SigningFixture : AuthorityFixture {
  SigningFixture() : AuthorityFixture(kNow - 30 * kDay) {}
  CardCertificates card = issue();
  OcspResponder ocsp{authority, {3600}};
  tsa::Identity tsa_identity = tsa::open_or_make(authority.dir(), kNow);
  tsa::Responder tsa{tsa_identity, tsa::registry_serials(authority.registry())};
  UnixTime signed_at = kNow + kDay;
  UnixTime verified_at = kNow + 2 * kDay;

  // The signature CA as the one root, the TSA's CA, now = verified_at, OCSP from the responder.
  cms::Options verifier_options() {
    cms::Options o;
    o.signature_anchors = {
        {hostcrypto::der_of(authority.generation(Hierarchy::kSign, 1).certificate.get())}, {}};
    o.tsa_anchors = {{hostcrypto::der_of(tsa_identity.ca.certificate.get())}, {}};
    o.now = verified_at;
    o.ocsp = [this](const std::string&, ByteView req) -> std::optional<Bytes> {
      return ocsp.respond(req, verified_at);
    };
    return o;
  }
};

}  // namespace mynasim::pki::test
