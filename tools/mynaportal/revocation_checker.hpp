// Steps 5 and 6 of jpki-login:1 validation through pki/verify: the chain to the configured
// user-authentication CA, the purpose, and revocation. OCSP first (pki/verify sends a fresh nonce
// and checks the responder's authority and the answer's freshness); a verified answer (good,
// revoked, on hold) is kept until its nextUpdate, so a busy portal asks once per certificate
// and hour instead of once per login. When no answer can be had (transport failure, responder
// error) the CRLs are consulted; a stale, forged or replayed OCSP answer is never papered over
// with a CRL. A CRL counts only when it is at least as new as the last revocation, hold or
// release J-LIS recorded for its CA generation (crl_requirement, crl_source.hpp): an attacker
// who keeps the responder busy gains nothing over a CRL issued before the revocation, which is
// refused (crl-outdated, REVOCATION_UNAVAILABLE) unless the operator chose soft-fail.
// Hard-fail by default: no revocation status, no login. While an answer is cached, the
// certificate's chain is not built again either (same bytes, same result), and nothing else is
// consulted: the cached path touches neither the CRLs nor the registry.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/verify/validator.hpp"

namespace mynasim::portal {

struct RevocationConfig {
  // kLogin for the user-authentication certificate; kSignature for the signature certificate an
  // OpenID Connect client's attribute scopes need (signature_certificate_check.hpp).
  pki::verify::Purpose purpose = pki::verify::Purpose::kLogin;
  pki::verify::FailMode fail_mode = pki::verify::FailMode::kHard;
  pki::verify::OcspTransport ocsp;           // empty: no OCSP (CRLs only)
  std::string ocsp_url;                      // default: the certificate's AIA
  std::function<std::vector<Bytes>()> crls;  // the CRL fallback's source; empty: none
  // What a CRL must be at least as new as (J-LIS's last change of its CA generation); empty:
  // any CRL within its validity counts. The portal always sets it (CrlSource::requirement).
  pki::verify::CrlRequirementSource crl_requirement;
  pki::UnixTime skew = 300;    // clock tolerance for OCSP times
  pki::UnixTime max_age = -1;  // refuse OCSP answers older than this (-1: none)
};

// What pki/verify found, and where the revocation status came from: "ocsp", "ocsp-cache",
// "crl", or "none" (soft-fail without a current status). The findings of the CRL fallback say
// in their detail that OCSP did not answer, and why.
struct ChainCheck {
  pki::verify::Result result;
  std::string revocation_source;
};

class RevocationChecker {
 public:
  explicit RevocationChecker(RevocationConfig config) : config_(std::move(config)) {}

  ChainCheck check(ByteView certificate, const pki::verify::TrustAnchors& anchors,
                   pki::UnixTime now);
  std::size_t cached() const;
  void clear_cache();

 private:
  struct Cached {
    std::vector<pki::verify::Finding> findings;  // empty: good
    pki::UnixTime next_update;
  };
  pki::verify::Options options(pki::UnixTime now, pki::verify::Revocation revocation) const;
  void remember(const std::string& key, const Bytes& response,
                const std::vector<pki::verify::Finding>& findings, pki::UnixTime now);

  RevocationConfig config_;
  mutable std::mutex mutex_;
  std::map<std::string, Cached> cache_;  // SHA-256 of the certificate -> verified answer
};

}  // namespace mynasim::portal
