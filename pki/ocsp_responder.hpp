// The authority's OCSP responder (RFC 6960), independent of any transport: DER request in,
// DER response out. Each CA generation answers through its own delegated responder certificate
// (id-kp-OCSPSigning, id-pkix-ocsp-nocheck), which the response carries.
//
//   - CertIDs are matched to a CA generation by issuer name and key hash, in whatever hash the
//     client chose (SHA-1 by default in `openssl ocsp`, SHA-256 with -sha256 ...).
//   - Status: good; revoked with its reason and time (a held certificate is revoked with
//     certificateHold); unknown for a serial this generation never issued.
//   - thisUpdate = now, nextUpdate = now + validity; the request's nonce is echoed.
//   - The first CertID picks the responder; a CertID of another CA in the same request is
//     answered "unknown". A request for no CA of this authority gets "unauthorized"; bytes that
//     are not an OCSPRequest get "malformedRequest".
// respond() may be called from several threads at once.
#pragma once

#include <mutex>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/authority.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {

struct OcspOptions {
  UnixTime validity_seconds = 3600;
};

class OcspResponder {
 public:
  // Loads every generation's responder key now; `authority` must outlive the responder.
  OcspResponder(Authority& authority, OcspOptions options);

  Bytes respond(ByteView request_der, UnixTime now);

 private:
  struct Issuer {
    const Generation* generation;
    Signer responder;
  };
  const Issuer* match(OCSP_CERTID* id) const;
  std::optional<CertificateRecord> lookup(std::uint64_t serial);

  Authority& authority_;
  OcspOptions options_;
  std::vector<Issuer> issuers_;
  std::mutex registry_mutex_;
};

// An OCSPResponse with only a status and no body (malformedRequest, unauthorized, ...).
Bytes ocsp_error_response(int status);

}  // namespace mynasim::pki
