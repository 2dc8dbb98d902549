// What a relying party's validation found (Botan's style: a list of status codes, no
// exceptions). A finding is fatal unless soft-fail turned a revocation-checking problem into a
// warning; the certificate is accepted when no finding is fatal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mynasim::pki::verify {

enum class Status {
  kMalformed,                   // not a DER X.509 certificate
  kUntrusted,                   // no chain to a configured CA
  kBadSignature,                // a signature in the chain does not verify (tampered)
  kExpired,                     // after notAfter (of the certificate or of a CA in the chain)
  kNotYetValid,                 // before notBefore
  kChainInvalid,                // any other chain error OpenSSL reports (detail says which)
  kWrongPurpose,                // key usage or policy do not allow the purpose asked for
  kRevoked,                     // reason holds the CRLReason (0 when none was given)
  kOnHold,                      // revoked with certificateHold
  kOcspUnavailable,             // no response (transport failed, no OCSP URL)
  kOcspError,                   // an OCSP error status, or no status for this certificate
  kOcspBadSignature,            // the response's signature does not verify
  kOcspResponderNotAuthorized,  // signed by neither the CA nor its delegated OCSP responder
  kOcspNonceMismatch,           // the response answers another request (replay)
  kOcspNonceMissing,            // a nonce was sent and not echoed
  kOcspStale,                   // nextUpdate passed, or thisUpdate older than the freshness window
  kOcspNotYetValid,             // thisUpdate in the future
  kOcspUnknown,                 // the responder does not know the certificate
  kCrlMissing,                  // no CRL from this certificate's issuer
  kCrlBadSignature,             // the CRL is not signed by the issuer
  kCrlExpired,                  // past the CRL's nextUpdate
  kCrlNotYetValid,              // before the CRL's thisUpdate
  kCrlOutdated,  // issued before the last status change the CA recorded (Options::crl_requirement)
};

// "expired", "ocsp-stale", ...: stable names for JSON and messages.
std::string_view to_string(Status status);

struct Finding {
  Status status;
  bool fatal = true;
  int reason = -1;     // kRevoked / kOnHold: the CRLReason code
  std::string detail;  // for people: which certificate, what OpenSSL said, ...
};

struct Result {
  std::vector<Finding> findings;

  bool ok() const;
  bool has(Status status) const;
  const Finding* find(Status status) const;
  std::vector<Status> statuses() const;  // in the order found
};

}  // namespace mynasim::pki::verify
