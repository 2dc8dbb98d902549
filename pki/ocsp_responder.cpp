#include "pki/ocsp_responder.hpp"

#include <openssl/err.h>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

// The CertID `id` would have for `ca`, with the same hash algorithm and serial.
hostcrypto::OcspCertIdPtr certid_for(OCSP_CERTID* id, X509* ca) {
  ASN1_OBJECT* md_oid = nullptr;
  ASN1_INTEGER* serial = nullptr;
  OCSP_id_get0_info(nullptr, &md_oid, nullptr, &serial, id);
  const EVP_MD* md = md_oid ? EVP_get_digestbyobj(md_oid) : nullptr;
  if (!md) return nullptr;
  return hostcrypto::OcspCertIdPtr(
      OCSP_cert_id_new(md, X509_get_subject_name(ca), X509_get0_pubkey_bitstr(ca), serial));
}

}  // namespace

Bytes ocsp_error_response(int status) {
  hostcrypto::OcspResponsePtr response(
      hostcrypto::check(OCSP_response_create(status, nullptr), "OCSP_response_create"));
  return hostcrypto::der_of(response.get());
}

OcspResponder::OcspResponder(Authority& authority, OcspOptions options)
    : authority_(authority), options_(options) {
  for (Hierarchy h : {Hierarchy::kSign, Hierarchy::kAuth})
    for (const Generation* g : authority_.generations(h))
      issuers_.push_back({g, authority_.responder_signer(*g)});
}

const OcspResponder::Issuer* OcspResponder::match(OCSP_CERTID* id) const {
  for (const Issuer& issuer : issuers_) {
    hostcrypto::OcspCertIdPtr expected = certid_for(id, issuer.generation->certificate.get());
    if (expected && OCSP_id_issuer_cmp(expected.get(), id) == 0) return &issuer;
  }
  ERR_clear_error();
  return nullptr;
}

std::optional<CertificateRecord> OcspResponder::lookup(std::uint64_t serial) {
  std::lock_guard<std::mutex> lock(registry_mutex_);
  return authority_.registry().certificate(serial);
}

Bytes OcspResponder::respond(ByteView request_der, UnixTime now) {
  const unsigned char* p = request_der.data();
  hostcrypto::OcspRequestPtr request(
      d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size())));
  if (!request || p != request_der.data() + request_der.size() ||
      OCSP_request_onereq_count(request.get()) < 1) {
    ERR_clear_error();
    return ocsp_error_response(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
  }
  const int count = OCSP_request_onereq_count(request.get());
  const Issuer* responder = match(OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), 0)));
  if (!responder) return ocsp_error_response(OCSP_RESPONSE_STATUS_UNAUTHORIZED);

  hostcrypto::OcspBasicPtr basic(hostcrypto::check(OCSP_BASICRESP_new(), "OCSP_BASICRESP_new"));
  hostcrypto::Asn1TimePtr this_update = asn1_time(now);
  hostcrypto::Asn1TimePtr next_update = asn1_time(now + options_.validity_seconds);
  for (int i = 0; i < count; ++i) {
    OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), i));
    int status = V_OCSP_CERTSTATUS_UNKNOWN;
    int reason = -1;
    hostcrypto::Asn1TimePtr revoked_at;
    ASN1_INTEGER* serial = nullptr;
    OCSP_id_get0_info(nullptr, nullptr, nullptr, &serial, id);
    std::uint64_t serial_value = 0;
    if (match(id) == responder && ASN1_INTEGER_get_uint64(&serial_value, serial) == 1) {
      const auto record = lookup(serial_value);
      if (record && record->ca_id == responder->generation->record.id) {
        status = record->status == CertificateStatus::kGood ? V_OCSP_CERTSTATUS_GOOD
                                                            : V_OCSP_CERTSTATUS_REVOKED;
        if (status == V_OCSP_CERTSTATUS_REVOKED) {
          // OCSP carries the reason as revocationReason; 0 (unspecified) is left out as in CRLs.
          reason = record->reason > 0 ? record->reason : -1;
          revoked_at = asn1_time(record->revoked_at);
        }
      }
    }
    ERR_clear_error();
    hostcrypto::check(OCSP_basic_add1_status(basic.get(), id, status, reason, revoked_at.get(),
                                             this_update.get(), next_update.get()) != nullptr,
                      "OCSP_basic_add1_status");
  }
  hostcrypto::check(OCSP_copy_nonce(basic.get(), request.get()), "OCSP_copy_nonce");
  hostcrypto::check(OCSP_basic_sign(basic.get(), responder->responder.certificate,
                                    responder->responder.key, EVP_sha256(), nullptr, 0),
                    "OCSP_basic_sign");
  hostcrypto::OcspResponsePtr response(hostcrypto::check(
      OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()), "OCSP_response_create"));
  return hostcrypto::der_of(response.get());
}

}  // namespace mynasim::pki
