// Revocation by CRL: the CRL from the certificate's issuer (same name, signature by the
// issuer's key), current at the time asked for, and the certificate's entry if any.

#include <openssl/err.h>

#include <algorithm>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/checks.hpp"

namespace mynasim::pki::verify::detail {
namespace {

std::int64_t crl_number_of(X509_CRL* crl) {
  auto* number =
      static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl, NID_crl_number, nullptr, nullptr));
  std::int64_t out = 0;
  if (!number || ASN1_INTEGER_get_int64(&out, number) != 1) out = 0;
  ASN1_INTEGER_free(number);
  ERR_clear_error();
  return out;
}

// A CRL older than the CA's last status change may not list a revocation or a hold: it says
// nothing about the certificate.
void check_requirement(X509_CRL* crl, X509* issuer, UnixTime this_update, const Options& options,
                       Result& result) {
  if (!options.crl_requirement) return;
  const CrlRequirement need = options.crl_requirement(issuer);
  if (!need.unknown.empty())
    return add(result, Status::kCrlOutdated,
               "the CRL cannot be compared with the CA's records: " + need.unknown);
  const std::int64_t number = crl_number_of(crl);
  if (this_update > need.since || (this_update == need.since && number >= need.crl_number)) return;
  add(result, Status::kCrlOutdated,
      "the CRL (thisUpdate " + iso8601(this_update) + ", crlNumber " + std::to_string(number) +
          ") predates the last revocation, hold or release the CA recorded (" +
          iso8601(need.since) + ", newest crlNumber " + std::to_string(need.crl_number) + ")");
}

}  // namespace

void check_crl(X509* leaf, X509* issuer, const Options& options, Result& result) {
  hostcrypto::X509CrlPtr chosen;
  bool badly_signed = false;
  for (const Bytes& bytes : options.crls) {
    hostcrypto::X509CrlPtr crl = hostcrypto::crl_from_der_or_pem(bytes);
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
  const UnixTime now = options.now >= 0 ? options.now : options.at;
  const auto this_update = time_in(X509_CRL_get0_lastUpdate(chosen.get()));
  if (!this_update)
    add(result, Status::kCrlNotYetValid, "the CRL's thisUpdate is not a valid time");
  else if (*this_update > now)
    add(result, Status::kCrlNotYetValid,
        "the CRL's thisUpdate " + iso8601(*this_update) + " is in the future");
  if (options.archived) {
    // Evidence from the time of signing: it must postdate that time to list what came before.
    if (this_update && *this_update < options.at)
      add(result, Status::kCrlOutdated,
          "the CRL (thisUpdate " + iso8601(*this_update) + ") predates the time of signing " +
              iso8601(options.at) + ": it cannot show the certificate was good then");
  } else if (const ASN1_TIME* next = X509_CRL_get0_nextUpdate(chosen.get()); next) {
    const auto next_update = time_in(next);
    if (!next_update)
      add(result, Status::kCrlExpired, "the CRL's nextUpdate is not a valid time");
    else if (*next_update < now)
      add(result, Status::kCrlExpired,
          "the CRL's nextUpdate " + iso8601(*next_update) + " has passed");
  }
  // An unreadable thisUpdate counts as the oldest CRL there is: never fresh enough.
  const std::size_t requirement_at = result.findings.size();
  if (!options.archived)
    check_requirement(chosen.get(), issuer, this_update.value_or(0), options, result);
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
  // A revocation is final: a CRL proves it however old the CRL is, so it comes before
  // crl-outdated (a hold may have been released since; it stays after).
  if (reason != 6 && result.findings.size() > requirement_at + 1)
    std::rotate(result.findings.begin() + static_cast<std::ptrdiff_t>(requirement_at),
                result.findings.end() - 1, result.findings.end());
}

}  // namespace mynasim::pki::verify::detail
