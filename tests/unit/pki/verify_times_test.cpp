// Found by fuzz_revocation: a CRL or OCSP response signed by the issuer whose times OpenSSL parses
// (d2i does not check the digits) but cannot read as times made the revocation checks throw
// PkiError out of validate(). They now fail closed: the time's check is a finding, and a
// certificate the CRL or response lists as revoked is still revoked.

#include <openssl/ocsp.h>

#include <catch2/catch.hpp>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/pki_error.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/checks.hpp"

namespace mynasim::pki::verify {
namespace {

constexpr UnixTime kAt = 1'769'904'000;  // 2026-02-01T00:00:00Z

struct SmallPki {
  hostcrypto::EvpPkeyPtr key{EVP_EC_gen("P-256")};
  hostcrypto::X509Ptr ca = make("test CA", 1, nullptr);
  hostcrypto::X509Ptr leaf = make("test leaf", 0x1234, ca.get());

  hostcrypto::X509Ptr make(const char* subject, long serial, X509* issuer) {
    hostcrypto::X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(subject), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    time_t at = kAt;
    X509_time_adj_ex(X509_getm_notBefore(cert.get()), -30, 0, &at);
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), 30, 0, &at);
    X509_set_pubkey(cert.get(), key.get());
    REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
    return cert;
  }
};

// A UTCTime whose text is no time ("2602" then a byte that is no digit).
hostcrypto::Asn1TimePtr broken_time() {
  hostcrypto::Asn1TimePtr time(ASN1_UTCTIME_new());
  REQUIRE(ASN1_STRING_set(time.get(),
                          "2602\xD6"
                          "0000000Z",
                          13) == 1);
  return time;
}

hostcrypto::Asn1TimePtr time_at(UnixTime t) {
  return hostcrypto::Asn1TimePtr(ASN1_TIME_set(nullptr, static_cast<time_t>(t)));
}

std::vector<Status> statuses(const Result& result) {
  std::vector<Status> out;
  for (const Finding& finding : result.findings) out.push_back(finding.status);
  return out;
}

TEST_CASE("verify: a CRL signed by the issuer with times that are no times fails closed") {
  SmallPki pki;
  hostcrypto::X509CrlPtr crl(X509_CRL_new());
  X509_CRL_set_version(crl.get(), 1);
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(pki.ca.get()));
  X509_CRL_set1_lastUpdate(crl.get(), time_at(kAt - 3600).get());
  X509_CRL_set1_nextUpdate(crl.get(), broken_time().get());
  X509_REVOKED* entry = X509_REVOKED_new();
  X509_REVOKED_set_serialNumber(entry, X509_get_serialNumber(pki.leaf.get()));
  X509_REVOKED_set_revocationDate(entry, broken_time().get());
  X509_CRL_add0_revoked(crl.get(), entry);
  REQUIRE(X509_CRL_sign(crl.get(), pki.key.get(), EVP_sha256()) > 0);

  Options options;
  options.at = kAt;
  options.revocation = Revocation::kCrl;
  options.crls = {hostcrypto::der_of(crl.get())};
  Result result;
  REQUIRE_NOTHROW(detail::check_crl(pki.leaf.get(), pki.ca.get(), options, result));
  CHECK(statuses(result) == std::vector<Status>{Status::kCrlExpired, Status::kRevoked});
  CHECK(result.findings[0].detail == "the CRL's nextUpdate is not a valid time");
  CHECK(result.findings[1].detail == "revoked (no valid date)");
}

TEST_CASE("verify: an OCSP response signed by the CA with times that are no times fails closed") {
  SmallPki pki;
  Options options;
  options.at = kAt;
  options.revocation = Revocation::kOcsp;
  options.ocsp_url = "http://ocsp.test/";
  options.ocsp = [&](const std::string&, ByteView request_der) -> std::optional<Bytes> {
    const unsigned char* p = request_der.data();
    hostcrypto::OcspRequestPtr request(
        d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size())));
    hostcrypto::OcspBasicPtr basic(OCSP_BASICRESP_new());
    const OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), 0));
    const hostcrypto::Asn1TimePtr before = time_at(kAt - 3600);
    OCSP_basic_add1_status(basic.get(), const_cast<OCSP_CERTID*>(id), V_OCSP_CERTSTATUS_REVOKED,
                           OCSP_REVOKED_STATUS_KEYCOMPROMISE, before.get(), before.get(),
                           before.get());
    // OpenSSL refuses broken times when it adds a status, so they are broken in place.
    int reason = 0;
    ASN1_GENERALIZEDTIME *revoked_at = nullptr, *this_update = nullptr, *next_update = nullptr;
    OCSP_single_get0_status(OCSP_resp_get0(basic.get(), 0), &reason, &revoked_at, &this_update,
                            &next_update);
    for (ASN1_GENERALIZEDTIME* time : {revoked_at, this_update, next_update})
      REQUIRE(ASN1_STRING_set(time,
                              "202602\xD6"
                              "0000000Z",
                              15) == 1);
    OCSP_copy_nonce(basic.get(), request.get());
    OCSP_basic_sign(basic.get(), pki.ca.get(), pki.key.get(), EVP_sha256(), nullptr, 0);
    hostcrypto::OcspResponsePtr response(
        OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
    return hostcrypto::der_of(response.get());
  };
  Result result;
  REQUIRE_NOTHROW(detail::check_ocsp(pki.leaf.get(), pki.ca.get(), options, result));
  CHECK(statuses(result) ==
        std::vector<Status>{Status::kOcspNotYetValid, Status::kOcspStale, Status::kRevoked});
  CHECK(result.findings[2].reason == OCSP_REVOKED_STATUS_KEYCOMPROMISE);
}

}  // namespace
}  // namespace mynasim::pki::verify
