#include "pki/verify/status.hpp"

#include <algorithm>

namespace mynasim::pki::verify {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::kMalformed:
      return "malformed";
    case Status::kUntrusted:
      return "untrusted";
    case Status::kBadSignature:
      return "bad-signature";
    case Status::kExpired:
      return "expired";
    case Status::kNotYetValid:
      return "not-yet-valid";
    case Status::kChainInvalid:
      return "chain-invalid";
    case Status::kWrongPurpose:
      return "wrong-purpose";
    case Status::kRevoked:
      return "revoked";
    case Status::kOnHold:
      return "on-hold";
    case Status::kOcspUnavailable:
      return "ocsp-unavailable";
    case Status::kOcspError:
      return "ocsp-error";
    case Status::kOcspBadSignature:
      return "ocsp-bad-signature";
    case Status::kOcspResponderNotAuthorized:
      return "ocsp-responder-not-authorized";
    case Status::kOcspNonceMismatch:
      return "ocsp-nonce-mismatch";
    case Status::kOcspNonceMissing:
      return "ocsp-nonce-missing";
    case Status::kOcspStale:
      return "ocsp-stale";
    case Status::kOcspNotYetValid:
      return "ocsp-not-yet-valid";
    case Status::kOcspUnknown:
      return "ocsp-unknown";
    case Status::kCrlMissing:
      return "crl-missing";
    case Status::kCrlBadSignature:
      return "crl-bad-signature";
    case Status::kCrlExpired:
      return "crl-expired";
    case Status::kCrlNotYetValid:
      return "crl-not-yet-valid";
    case Status::kCrlOutdated:
      return "crl-outdated";
  }
  return "?";
}

bool Result::ok() const {
  return std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return f.fatal; });
}

bool Result::has(Status status) const {
  return find(status) != nullptr;
}

const Finding* Result::find(Status status) const {
  for (const Finding& f : findings)
    if (f.status == status) return &f;
  return nullptr;
}

std::vector<Status> Result::statuses() const {
  std::vector<Status> out;
  for (const Finding& f : findings) out.push_back(f.status);
  return out;
}

}  // namespace mynasim::pki::verify
