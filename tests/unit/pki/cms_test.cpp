// pki/cms: SignedData made by cms::sign with a key that signs DigestInfos (as the card does),
// checked by cms::verify, each problem with its code: changed content, a user-authentication
// certificate as signer, revoked before the time of signing against revoked after a timestamped
// time of signing, a timestamp from an untrusted TSA or over other bytes; OCSP silent -> CRL;
// signingCertificateV2 naming another certificate, a contentType attribute that is not the
// eContentType, a timestamp whose signature does not verify, expired at the time of signing.
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/rsa.h>

#include <algorithm>

#include "pki/cms/cms_handles.hpp"

#include "authority_fixture.hpp"
#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/cms/cms_signer.hpp"
#include "pki/cms/cms_verifier.hpp"
#include "pki/ocsp_responder.hpp"
#include "pki/revocation_reason.hpp"
#include "pki/tsa/tsa_client.hpp"
#include "pki/tsa/tsa_responder.hpp"
#include "pki/unix_time.hpp"
#include "signing_fixture.hpp"

namespace mynasim::pki::cms {
namespace {

using test::kDay;
using test::kNow;
using Codes = std::vector<std::string>;
using test::software_signer;

struct Fixture : test::SigningFixture {
  const Bytes content = {'h', 'e', 'l', 'l', 'o'};

  Timestamper timestamper(const tsa::Responder& by, UnixTime at) {
    return [&by, at](ByteView signature) {
      const tsa::Query query = tsa::make_query(signature);
      return tsa::token_of(by.respond(query.der, at), query);
    };
  }
  SignRequest request(bool detached = false, bool stamped = true) {
    SignRequest r;
    r.content = content;
    r.detached = detached;
    r.signer_certificate = card.sign->der;
    r.ca_certificates = {card.sign_ca};
    r.signing_time = signed_at;
    r.sign = software_signer(test::card_key(1));
    if (stamped) r.timestamp = timestamper(tsa, signed_at);
    return r;
  }
  Options options() { return verifier_options(); }
  Result check(const Bytes& cms, std::optional<ByteView> detached = std::nullopt) {
    return verify(cms, detached, options());
  }
};

TEST_CASE("a CAdES-T signature verifies at its timestamp's time, by OCSP") {
  Fixture f;
  const Result r = f.check(sign(f.request()));
  CHECK(r.codes() == Codes{});
  CHECK(r.ok());
  CHECK(r.timestamp_time == f.signed_at);
  CHECK(r.validated_at == f.signed_at);
  CHECK(r.claimed_signing_time == f.signed_at);
  CHECK(r.revocation_source == "ocsp");
  CHECK(r.signer_certificate == f.card.sign->der);
}

TEST_CASE("a detached signature needs its content, and the content unchanged") {
  Fixture f;
  const Bytes cms = sign(f.request(true, false));
  CHECK(f.check(cms).codes() == Codes{"content-missing"});
  CHECK(f.check(cms, ByteView(f.content)).codes() == Codes{});
  const Bytes changed = {'h', 'e', 'l', 'l', 'O'};
  CHECK(f.check(cms, ByteView(changed)).codes() == Codes{"digest-mismatch"});
  // Without a timestamp the time of signing is the verifier's now.
  CHECK(f.check(cms, ByteView(f.content)).validated_at == f.verified_at);
}

TEST_CASE("changed embedded content and a changed signature are told apart") {
  Fixture f;
  Bytes cms = sign(f.request(false, false));
  const auto at = std::search(cms.begin(), cms.end(), f.content.begin(), f.content.end());
  REQUIRE(at != cms.end());
  Bytes changed = cms;
  changed[static_cast<std::size_t>(at - cms.begin())] ^= 0x20;
  CHECK(f.check(changed).codes() == Codes{"digest-mismatch"});
  Bytes bad_signature = cms;
  bad_signature[bad_signature.size() - 10] ^= 0x01;  // inside the signature value, at the end
  CHECK(f.check(bad_signature).codes() == Codes{"bad-signature"});
  CHECK(f.check(Bytes{0x30, 0x03, 0x02, 0x01, 0x00}).codes() == Codes{"malformed"});
}

TEST_CASE("the user-authentication certificate is the wrong purpose for a signature") {
  Fixture f;
  SignRequest r = f.request(false, false);
  r.signer_certificate = f.card.auth.der;
  r.ca_certificates = {f.card.auth_ca};
  r.sign = software_signer(test::card_key(0));
  Options o = f.options();
  o.signature_anchors.roots.push_back(
      hostcrypto::der_of(f.authority.generation(Hierarchy::kAuth, 1).certificate.get()));
  CHECK(verify(sign(r), std::nullopt, o).codes() == Codes{"signer-wrong-purpose"});
}

TEST_CASE("revoked before the time of signing fails; revoked after a timestamped time passes") {
  Fixture f;
  const Bytes stamped = sign(f.request());
  const Bytes unstamped = sign(f.request(false, false));
  f.authority.revoke(f.card.sign->serial, *parse_revocation_reason("key-compromise"),
                     f.signed_at + 3600);
  CHECK(f.check(stamped).codes() == Codes{});                    // good at its timestamp's time
  CHECK(f.check(unstamped).codes() == Codes{"signer-revoked"});  // its time is now
  f.signed_at = f.signed_at + 7200;                              // a timestamp after the revocation
  CHECK(f.check(sign(f.request())).codes() == Codes{"signer-revoked"});
}

TEST_CASE("OCSP silent: the CRL decides, OCSP's finding stays a warning") {
  Fixture f;
  Options o = f.options();
  o.ocsp = [](const std::string&, ByteView) -> std::optional<Bytes> { return std::nullopt; };
  o.crls = {
      hostcrypto::der_of(f.authority.make_crl(Hierarchy::kSign, 1, f.verified_at, kDay).get())};
  const Result r = verify(sign(f.request()), std::nullopt, o);
  CHECK(r.codes() == Codes{});
  CHECK(r.revocation_source == "crl");
  REQUIRE(r.signer.findings.size() == 1);
  CHECK(r.signer.findings[0].status == verify::Status::kOcspUnavailable);
  CHECK_FALSE(r.signer.findings[0].fatal);
  o.crls.clear();
  CHECK(verify(sign(f.request()), std::nullopt, o).codes() == Codes{"signer-crl-missing"});
}

TEST_CASE("a timestamp from another TSA or over other bytes is refused") {
  Fixture f;
  test::TempDir elsewhere;
  const tsa::Identity stranger_identity = tsa::open_or_make(elsewhere.path(), kNow);
  const tsa::Responder stranger(stranger_identity, [] { return std::uint64_t{1}; });
  SignRequest r = f.request();
  r.timestamp = f.timestamper(stranger, f.signed_at);
  CHECK(f.check(sign(r)).codes() == Codes{"timestamp-untrusted"});

  r.timestamp = [&f](ByteView) {
    const Bytes other = {1, 2, 3};
    const tsa::Query query = tsa::make_query(other);
    return tsa::token_of(f.tsa.respond(query.der, f.signed_at), query);
  };
  const Result over_other = f.check(sign(r));
  CHECK(over_other.codes() == Codes{"timestamp-imprint-mismatch"});
  CHECK_FALSE(over_other.timestamp_time);
  CHECK(over_other.validated_at == f.verified_at);
}

TEST_CASE("a CMS without signingCertificateV2 is not CAdES-BES") {
  Fixture f;
  // OpenSSL's CMS_sign without CMS_CADES: contentType, signingTime, messageDigest, SMIMECaps.
  hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(f.card.sign->der);
  hostcrypto::BioPtr in(BIO_new_mem_buf(f.content.data(), static_cast<int>(f.content.size())));
  ContentInfoPtr cms(CMS_sign(cert.get(), test::card_key(1), nullptr, in.get(), CMS_BINARY));
  REQUIRE(cms);
  const Bytes der = der_of(cms.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo");
  const Result r = f.check(der);
  CHECK(r.codes() == Codes{"missing-attribute"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].detail == "no signingCertificateV2 attribute (CAdES-BES)");
}

TEST_CASE("the signed attributes are CAdES-BES's, in DER order") {
  Fixture f;
  const Bytes der = sign(f.request(false, false));
  const unsigned char* p = der.data();
  ContentInfoPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(cms);
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
  for (int nid : {NID_pkcs9_contentType, NID_pkcs9_signingTime, NID_pkcs9_messageDigest,
                  NID_id_smime_aa_signingCertificateV2})
    CHECK(CMS_signed_get_attr_by_NID(si, nid, -1) >= 0);
  CHECK(CMS_signed_get_attr_count(si) == 4);
  // OpenSSL's own verifier, the chain and the signingCertificateV2 check (CMS_CADES) included.
  hostcrypto::X509StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), f.authority.generation(Hierarchy::kSign, 1).certificate.get());
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), f.signed_at);
  const int verified =
      CMS_verify(cms.get(), nullptr, store.get(), nullptr, nullptr, CMS_BINARY | CMS_CADES);
  if (verified != 1) ERR_print_errors_fp(stderr);
  CHECK(verified == 1);
  hostcrypto::X509StackPtr certs(CMS_get1_certs(cms.get()));
  CHECK(sk_X509_num(certs.get()) == 2);
}

// OpenSSL's CMS_sign with the card's signature key, CMS_PARTIAL: the caller changes the
// SignerInfo before CMS_final signs it.
ContentInfoPtr partial_cms(test::SigningFixture& f, BIO* in) {
  hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(f.card.sign->der);
  ContentInfoPtr cms(
      CMS_sign(cert.get(), test::card_key(1), nullptr, in, CMS_BINARY | CMS_PARTIAL));
  REQUIRE(cms);
  return cms;
}

TEST_CASE("signingCertificateV2 naming another certificate is refused") {
  Fixture f;
  // The attribute as CAdES-BES has it (ESSCertIDv2, SHA-256, issuerSerial), but of the card's
  // user-authentication certificate: the signature is good, the claimed certificate is not it.
  hostcrypto::BioPtr in(BIO_new_mem_buf(f.content.data(), static_cast<int>(f.content.size())));
  ContentInfoPtr cms = partial_cms(f, in.get());
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
  hostcrypto::X509Ptr other = hostcrypto::x509_from_der(f.card.auth.der);
  ESS_SIGNING_CERT_V2* claim =
      OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), other.get(), nullptr, 1);
  REQUIRE(claim);
  const Bytes claim_der = der_of(claim, i2d_ESS_SIGNING_CERT_V2, "i2d_ESS_SIGNING_CERT_V2");
  ESS_SIGNING_CERT_V2_free(claim);
  REQUIRE(CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE,
                                      claim_der.data(), static_cast<int>(claim_der.size())) == 1);
  hostcrypto::BioPtr again(BIO_new_mem_buf(f.content.data(), static_cast<int>(f.content.size())));
  REQUIRE(CMS_final(cms.get(), again.get(), nullptr, CMS_BINARY) == 1);
  const Result r = f.check(der_of(cms.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo"));
  CHECK(r.codes() == Codes{"signing-certificate-mismatch"});
  CHECK(r.findings.size() == 1);
}

TEST_CASE("a contentType attribute that is not the eContentType is refused") {
  Fixture f;
  // Signed over contentType id-data, then the eContentType (outside the signature) relabelled as
  // a TSTInfo: a signature made for one kind of content presented as another.
  Bytes der = sign(f.request(false, false));
  const unsigned char* p = der.data();
  ContentInfoPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(cms);
  REQUIRE(CMS_set1_eContentType(cms.get(), OBJ_nid2obj(NID_id_smime_ct_TSTInfo)) == 1);
  const Result r = f.check(der_of(cms.get(), i2d_CMS_ContentInfo, "i2d_CMS_ContentInfo"));
  CHECK(r.codes() == Codes{"content-type-mismatch"});
  CHECK(f.check(der).codes() == Codes{});  // the same signature, unrelabelled
}

TEST_CASE("a timestamp token whose signature does not verify is refused") {
  Fixture f;
  SignRequest r = f.request();
  r.timestamp = [&f](ByteView signature) {
    const tsa::Query query = tsa::make_query(signature);
    Bytes token = tsa::token_of(f.tsa.respond(query.der, f.signed_at), query);
    token[token.size() - 10] ^= 0x01;  // inside the TSA's signature value, at the token's end
    return token;
  };
  const Result stamped = f.check(sign(r));
  CHECK(stamped.codes() == Codes{"timestamp-bad-signature"});
  CHECK_FALSE(stamped.timestamp_time);  // a bad token proves no time of signing
  CHECK(stamped.validated_at == f.verified_at);
}

TEST_CASE("a certificate expired at the timestamped time of signing fails") {
  Fixture f;
  const UnixTime not_after = f.card.sign->not_after;
  // A TSA of those later days, trusted in place of the fixture's.
  test::TempDir later_dir;
  const tsa::Identity later_identity = tsa::open_or_make(later_dir.path(), not_after - 2 * kDay);
  const tsa::Responder later(later_identity, [] { return std::uint64_t{1}; });
  f.signed_at = not_after + kDay;
  f.verified_at = not_after + 2 * kDay;
  SignRequest r = f.request();
  r.timestamp = f.timestamper(later, f.signed_at);
  Options o = f.options();
  o.tsa_anchors = {{hostcrypto::der_of(later_identity.ca.certificate.get())}, {}};
  const Result expired = verify(sign(r), std::nullopt, o);
  CHECK(expired.codes() == Codes{"signer-expired"});
  CHECK(expired.validated_at == f.signed_at);
  // A day before the end, with the same TSA: good.
  f.signed_at = not_after - kDay;
  r = f.request();
  r.timestamp = f.timestamper(later, f.signed_at);
  CHECK(verify(sign(r), std::nullopt, o).codes() == Codes{});
}

TEST_CASE("without signed attributes: detached, the signature over the content's own digest") {
  Fixture f;
  SignRequest r = f.request(true, false);
  r.signed_attributes = false;
  r.content_sha256 = hostcrypto::sha256(f.content);
  Bytes asked;
  const RawSigner card = r.sign;
  r.sign = [&asked, &card](ByteView digest_info) {
    asked.assign(digest_info.begin(), digest_info.end());
    return card(digest_info);
  };
  const Bytes der = sign(r);
  // The card was asked for DigestInfo(SHA-256, the content's digest), nothing else.
  CHECK(asked == hostcrypto::sha256_digest_info(hostcrypto::sha256(f.content)));
  const std::uint8_t* p = der.data();
  ContentInfoPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
  REQUIRE(cms);
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
  CHECK(CMS_signed_get_attr_count(si) <= 0);
  CHECK(*CMS_get0_content(cms.get()) == nullptr);  // detached
  // OpenSSL checks it over the content (the signer's chain is not this test's matter).
  auto verifies = [&cms](const Bytes& content) {
    hostcrypto::BioPtr in(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
    const int ok = CMS_verify(cms.get(), nullptr, nullptr, in.get(), nullptr,
                              CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY);
    ERR_clear_error();
    return ok == 1;
  };
  CHECK(verifies(f.content));
  CHECK_FALSE(verifies(Bytes{'h', 'e', 'l', 'l', 'O'}));
  SignRequest inside = f.request(false, false);
  inside.signed_attributes = false;
  CHECK_THROWS_WITH(sign(inside), "a signature without signed attributes is made detached only");
}

}  // namespace
}  // namespace mynasim::pki::cms
