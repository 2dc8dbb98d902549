// Authority: revocation, certificateHold and its release, and CRLs.

#include <algorithm>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/authority.hpp"
#include "pki/files.hpp"
#include "pki/pki_error.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

CertificateRecord end_entity(const Registry& registry, std::uint64_t serial) {
  auto record = registry.certificate(serial);
  if (!record) throw PkiError("no certificate with serial " + std::to_string(serial));
  if (record->kind != CertificateKind::kSign && record->kind != CertificateKind::kAuth)
    throw PkiError("serial " + std::to_string(serial) + " is a " +
                   std::string(to_string(record->kind)) +
                   " certificate; only card certificates are revoked");
  return *record;
}

void add_crl_extension(X509_CRL* crl, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, nullptr, nullptr, crl, 0);
  hostcrypto::X509ExtensionPtr ext(
      hostcrypto::check(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value), OBJ_nid2sn(nid)));
  hostcrypto::check(X509_CRL_add_ext(crl, ext.get(), -1), "X509_CRL_add_ext");
}

X509_REVOKED* crl_entry(const CertificateRecord& r) {
  X509_REVOKED* entry = hostcrypto::check(X509_REVOKED_new(), "X509_REVOKED_new");
  hostcrypto::Asn1IntegerPtr serial(hostcrypto::check(ASN1_INTEGER_new(), "ASN1_INTEGER_new"));
  hostcrypto::check(ASN1_INTEGER_set_uint64(serial.get(), r.serial), "serial");
  hostcrypto::check(X509_REVOKED_set_serialNumber(entry, serial.get()), "revoked serial");
  hostcrypto::check(X509_REVOKED_set_revocationDate(entry, asn1_time(r.revoked_at).get()),
                    "revocationDate");
  // RFC 5280 5.3.1: the reasonCode unspecified SHOULD be absent.
  if (r.reason > 0) {
    ASN1_ENUMERATED* code = hostcrypto::check(ASN1_ENUMERATED_new(), "ASN1_ENUMERATED_new");
    ASN1_ENUMERATED_set(code, r.reason);
    const int rc = X509_REVOKED_add1_ext_i2d(entry, NID_crl_reason, code, 0, 0);
    ASN1_ENUMERATED_free(code);
    hostcrypto::check(rc, "CRL reason");
  }
  return entry;
}

}  // namespace

void Authority::revoke(std::uint64_t serial, const RevocationReason& reason, UnixTime now) {
  auto tx = registry_.transaction();
  const CertificateRecord r = end_entity(registry_, serial);
  if (r.status == CertificateStatus::kRevoked)
    throw PkiError("certificate " + std::to_string(serial) + " is already revoked (" +
                   crl_reason_name(r.reason) + ")");
  if (reason.signature_only && r.kind != CertificateKind::kSign)
    throw PkiError("reason " + std::string(reason.name) +
                   " revokes signature certificates only: the user-authentication certificate "
                   "carries no personal data");
  registry_.set_status(serial, CertificateStatus::kRevoked, static_cast<int>(reason.code), now,
                       "revoke");
  const auto crls = crls_after_change({r.ca_id}, now);
  tx.commit();
  write_crls(crls);
}

// certificateHold and its release: the same transition in opposite directions, allowed only from
// the one status named.
void Authority::hold(std::uint64_t serial, UnixTime now) {
  move_status(serial, CertificateStatus::kGood, CertificateStatus::kHold,
              static_cast<int>(CrlReason::kCertificateHold), now, "hold",
              "only a good certificate can be held");
}

void Authority::release(std::uint64_t serial, UnixTime now) {
  move_status(serial, CertificateStatus::kHold, CertificateStatus::kGood, -1, now, "release",
              "not on hold");
}

void Authority::move_status(std::uint64_t serial, CertificateStatus from, CertificateStatus to,
                            int reason, UnixTime now, const char* action, const char* refusal) {
  auto tx = registry_.transaction();
  const CertificateRecord r = end_entity(registry_, serial);
  if (r.status != from)
    throw PkiError("certificate " + std::to_string(serial) + " is " +
                   std::string(to_string(r.status)) + "; " + refusal);
  registry_.set_status(serial, to, reason, now, action);
  const auto crls = crls_after_change({r.ca_id}, now);
  tx.commit();
  write_crls(crls);
}

hostcrypto::X509CrlPtr Authority::make_crl(Hierarchy h, int generation_number, UnixTime now,
                                           UnixTime validity_seconds) {
  if (validity_seconds <= 0) throw PkiError("next-update: must be after thisUpdate");
  const Generation& g = generation(h, generation_number);
  auto tx = registry_.transaction();
  hostcrypto::X509CrlPtr crl = build_crl(g, now, validity_seconds);
  tx.commit();
  return crl;
}

PublishedCrl Authority::publish_crl(Hierarchy h, int generation_number, UnixTime now,
                                    UnixTime validity_seconds) {
  hostcrypto::X509CrlPtr crl = make_crl(h, generation_number, now, validity_seconds);
  const std::string label = generation_label(h, generation_number);
  std::vector<PublishedCrl> out;
  out.push_back({label, path("crl/" + label + ".crl"), std::move(crl)});
  write_crls(out);
  return std::move(out.front());
}

std::vector<PublishedCrl> Authority::crls_after_change(const std::vector<std::int64_t>& ca_ids,
                                                       UnixTime now) {
  std::vector<PublishedCrl> out;
  for (const std::int64_t id : ca_ids) {
    const Generation* g = generation_by_id(id);
    if (!g) throw PkiError("database: no CA with id " + std::to_string(id));
    const std::string label = generation_label(g->record.hierarchy, g->record.generation);
    if (std::any_of(out.begin(), out.end(),
                    [&](const PublishedCrl& p) { return p.label == label; }))
      continue;  // one CRL per generation, however many of its certificates changed
    out.push_back({label, path("crl/" + label + ".crl"), build_crl(*g, now, kCrlValiditySeconds)});
  }
  return out;
}

void Authority::write_crls(const std::vector<PublishedCrl>& crls) {
  for (const PublishedCrl& p : crls) write_file_atomically(p.path, hostcrypto::der_of(p.crl.get()));
}

hostcrypto::X509CrlPtr Authority::build_crl(const Generation& g, UnixTime now,
                                            UnixTime validity_seconds) {
  const Signer ca = signer(g);
  const std::int64_t number = registry_.allocate_crl_number(g.record.id);
  hostcrypto::X509CrlPtr crl(hostcrypto::check(X509_CRL_new(), "X509_CRL_new"));
  hostcrypto::check(X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2), "CRL version");
  hostcrypto::check(X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca.certificate)),
                    "issuer");
  hostcrypto::check(X509_CRL_set1_lastUpdate(crl.get(), asn1_time(now).get()), "thisUpdate");
  hostcrypto::check(X509_CRL_set1_nextUpdate(crl.get(), asn1_time(now + validity_seconds).get()),
                    "nextUpdate");
  for (const CertificateRecord& r : registry_.revoked_by(g.record.id, now))
    hostcrypto::check(X509_CRL_add0_revoked(crl.get(), crl_entry(r)), "X509_CRL_add0_revoked");
  hostcrypto::check(X509_CRL_sort(crl.get()), "X509_CRL_sort");
  add_crl_extension(crl.get(), ca.certificate, NID_authority_key_identifier, "keyid:always");
  hostcrypto::Asn1IntegerPtr crl_number(hostcrypto::check(ASN1_INTEGER_new(), "ASN1_INTEGER_new"));
  hostcrypto::check(ASN1_INTEGER_set_int64(crl_number.get(), number), "crlNumber");
  hostcrypto::check(X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crl_number.get(), 0, 0),
                    "crlNumber");
  hostcrypto::check(X509_CRL_sign(crl.get(), ca.key, EVP_sha256()), "X509_CRL_sign");
  return crl;
}

}  // namespace mynasim::pki
