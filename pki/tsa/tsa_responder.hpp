// The TSA's answers (RFC 3161), made with OpenSSL's TS_RESP_CTX: a TimeStampResp for any bytes a
// client sends. Garbage, an unaccepted hash or policy get a TSA error response (status
// rejection, a failInfo), never an exception. What a token holds:
//   - policy kPolicyOid (a request naming another policy is refused: unacceptedPolicy);
//   - messageImprint as asked, for SHA-256, SHA-384 or SHA-512 (others: badAlg);
//   - serialNumber from `serials` (the registry's durable counter in `mynaca tsa serve`);
//   - genTime `now` in whole seconds, accuracy 1 s (the host's clock, read in seconds);
//   - ordering false: genTime has whole seconds, so two tokens of one second cannot be ordered
//     by it, and RFC 3161 2.4.2 lets a TSA say so;
//   - the nonce echoed when the request has one; the tsa name (the TSA certificate's subject);
//   - signed with SHA-256 and RSA PKCS#1 v1.5, signingCertificateV2 (ESSCertIDv2, SHA-256), the
//     TSA certificate in the token when certReq asks for it.
#pragma once

#include <cstdint>
#include <functional>

#include "iso7816/bytes.hpp"
#include "pki/registry.hpp"
#include "pki/tsa/tsa_identity.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki::tsa {

// The next serial number. May throw: the answer is then a TSA error (addInfoNotAvailable) and
// nothing is signed.
using SerialSource = std::function<std::uint64_t()>;

// The authority's durable serials: Registry::allocate_timestamp_serial, one committed transaction
// per token, one caller at a time (a mutex: the responder's workers share the connection).
SerialSource registry_serials(Registry& registry);

class Responder {
 public:
  Responder(const Identity& identity, SerialSource serials);

  // DER TimeStampResp. Thread-safe as long as `serials` is: each call has its own TS_RESP_CTX.
  Bytes respond(ByteView request, UnixTime now) const;

 private:
  const Identity& identity_;
  SerialSource serials_;
};

}  // namespace mynasim::pki::tsa
