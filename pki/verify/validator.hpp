// The validation a relying party runs on a JPKI certificate (a login site checking a
// user-authentication certificate, a signature verifier checking a signature certificate):
//   1. the chain to a configured CA (link certificates may be given as intermediates), with the
//      signatures and the validity of every certificate at `at`;
//   2. the purpose: login needs keyUsage digitalSignature and policy 1.2.392.200149.8.5.1.3.30
//      (the user-authentication certificate); signature needs digitalSignature and
//      nonRepudiation and policy 1.2.392.200149.8.5.1.1.20 (the signature certificate);
//      timestamping (a TSA's certificate, RFC 3161 2.3) needs extendedKeyUsage with timeStamping
//      as its only purpose, marked critical;
//   3. revocation, if asked: by OCSP (request with a fresh nonce, response signed by the CA or a
//      delegated responder it certified with id-kp-OCSPSigning, nonce echoed, thisUpdate no later
//      than at + skew, nextUpdate no earlier than at - skew, and thisUpdate no older than
//      max_age) or by CRL (signed by the issuer, thisUpdate <= at <= nextUpdate, and, when the
//      caller knows the CA's records, issued no earlier than the CA's last status change).
// A revocation dated after `at` does not count (the certificate was still good then). `at` may
// be a past time of signing while the OCSP response or CRL is judged fresh at `now`.
// Hard-fail: any revocation-checking problem is fatal. Soft-fail: only a certificate found
// revoked or on hold is; the other revocation findings stay in the list as warnings.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/status.hpp"

namespace mynasim::pki::verify {

enum class Purpose { kLogin, kSignature, kTimestamping };
enum class Revocation { kNone, kOcsp, kCrl };
enum class FailMode { kHard, kSoft };

struct TrustAnchors {
  std::vector<Bytes> roots;          // DER CA certificates trusted as they are
  std::vector<Bytes> intermediates;  // DER, e.g. link certificates after a CA change
};

// Sends a DER OCSP request to `url`; the DER response, or nullopt if none came.
using OcspTransport = std::function<std::optional<Bytes>(const std::string& url, ByteView request)>;

// What a CRL of one CA generation must be at least as new as: the CA's last revocation, hold
// or release (pki::Registry::last_status_change). A CRL issued before it may miss that change.
struct CrlRequirement {
  UnixTime since = 0;  // the CRL's thisUpdate must be at or after this
  // thisUpdate has whole seconds: a CRL issued in the very second of the change must also carry
  // a crlNumber at least this (the newest the CA made), or it may predate the change.
  std::int64_t crl_number = 0;
  std::string unknown;  // set: there is no record to compare with (why); no CRL is current
};
// For the issuing CA certificate the chain found.
using CrlRequirementSource = std::function<CrlRequirement(X509* issuer)>;

struct Options {
  Purpose purpose = Purpose::kLogin;
  UnixTime at = 0;    // the time the certificate must have been good at (chain, revocation)
  UnixTime now = -1;  // when OCSP answers and CRLs must be current; -1: at
  Revocation revocation = Revocation::kNone;
  FailMode fail_mode = FailMode::kHard;
  OcspTransport ocsp;                    // for Revocation::kOcsp
  std::string ocsp_url;                  // default: the certificate's AIA OCSP URL
  UnixTime ocsp_skew = 300;              // clock tolerance, seconds
  UnixTime ocsp_max_age = -1;            // seconds since thisUpdate; -1: no limit beyond nextUpdate
  std::vector<Bytes> crls;               // DER or PEM, for Revocation::kCrl
  CrlRequirementSource crl_requirement;  // empty: any CRL within its validity counts
  // Evidence gathered when the document was signed (a PDF's DSS, PAdES B-LT) rather than asked
  // for now: OCSP responses come from `ocsp_responses` (no request, so no nonce), and they and
  // `crls` must have been issued at or after `at` (so they would list a revocation before it)
  // and not after `now`; a nextUpdate passed since does not matter, nor crl_requirement (the
  // CA's later records say nothing about what the evidence proved then).
  bool archived = false;
  std::vector<Bytes> ocsp_responses;  // DER OCSPResponse, for archived kOcsp
};

Result validate(ByteView certificate, const TrustAnchors& anchors, const Options& options);

}  // namespace mynasim::pki::verify
