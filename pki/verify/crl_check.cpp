// Revocation by CRL: the CRL from the certificate's issuer (same name, signature by the
// issuer's key), current at the time asked for, and the certificate's entry if any.
#include <openssl/err.h>

#include "pki/verify/checks.hpp"

namespace mynasim::pki::verify::detail {

void check_crl(X509* leaf, X509* issuer, const Options& options, Result& result) {
  X509CrlPtr chosen;
  bool badly_signed = false;
  for (const Bytes& bytes : options.crls) {
    X509CrlPtr crl = crl_from_der_or_pem(bytes);
    if (!crl || X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer)) != 0)
      continue;
    // Generations of a JPKI CA share one name: the key tells them apart.
    if (X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer)) != 1) {
      ERR_clear_error();
      badly_signed = true;
      continue;
    }
    chosen = std::move(crl);
    break;
  }
  if (!chosen) {
    if (badly_signed)
      return add(result, Status::kCrlBadSignature, "the issuer's CRL is not signed by the issuer");
    return add(result, Status::kCrlMissing, "no CRL from the certificate's issuer");
  }
  const auto this_update = time_in(X509_CRL_get0_lastUpdate(chosen.get()));
  if (!this_update)
    add(result, Status::kCrlNotYetValid, "the CRL's thisUpdate is not a valid time");
  else if (*this_update > options.at)
    add(result, Status::kCrlNotYetValid,
        "the CRL's thisUpdate " + iso8601(*this_update) + " is in the future");
  if (const ASN1_TIME* next = X509_CRL_get0_nextUpdate(chosen.get()); next) {
    const auto next_update = time_in(next);
    if (!next_update)
      add(result, Status::kCrlExpired, "the CRL's nextUpdate is not a valid time");
    else if (*next_update < options.at)
      add(result, Status::kCrlExpired,
          "the CRL's nextUpdate " + iso8601(*next_update) + " has passed");
  }
  X509_REVOKED* entry = nullptr;
  if (X509_CRL_get0_by_serial(chosen.get(), &entry, X509_get0_serialNumber(leaf)) != 1 || !entry)
    return;
  // A revocation date that is no valid time still lists the certificate: revoked.
  const auto revoked_at = time_in(X509_REVOKED_get0_revocationDate(entry));
  if (revoked_at && *revoked_at > options.at) return;  // still good at the time asked about
  auto* code = static_cast<ASN1_ENUMERATED*>(
      X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nullptr, nullptr));
  const int reason = code ? static_cast<int>(ASN1_ENUMERATED_get(code)) : 0;
  ASN1_ENUMERATED_free(code);
  const std::string when = revoked_at ? " at " + iso8601(*revoked_at) : " (no valid date)";
  if (reason == 6)
    add(result, Status::kOnHold, "on hold" + when, reason);
  else
    add(result, Status::kRevoked, "revoked" + when, reason);
}

}  // namespace mynasim::pki::verify::detail
