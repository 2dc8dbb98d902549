// The simulated J-LIS's timestamp authority (RFC 3161): its keys and certificates, kept in the
// authority's directory and made on first use (`mynaca tsa ...`), as the demo TLS CA is:
//   DIR/tsa/ca.pem                 "mynasim TSA CA": self-signed, 10 years; what a verifier
//                                  trusts for timestamps (not a JPKI hierarchy: a TSA's key has
//                                  a life of its own, and a holder's CA must not vouch for time)
//   DIR/tsa/tsa.pem                "mynasim TSA": extendedKeyUsage critical timeStamping (the
//                                  only purpose RFC 3161 2.3 allows), keyUsage critical
//                                  digitalSignature, 5 years
//   DIR/private/tsa-ca.key.pem, DIR/private/tsa.key.pem   (0600)
// First use rather than `mynaca init`: a directory made before the TSA existed gains it without a
// migration, and an authority that never timestamps holds no TSA key.
#pragma once

#include <string>
#include <string_view>

#include "pki/small_ca.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki::tsa {

// The TSA's policy (TSTInfo.policy). A private arc needs a registration we do not have, so the
// arc is an X.667 UUID OID (2.25.<UUID as an integer>: anyone may mint one, no registry), and
// the policy is its first child. It says: a simulator's time, from the host's clock, +-1 s.
inline constexpr std::string_view kPolicyOid = "2.25.65551143195753108448804472489039826848.1";

inline constexpr const char* kCaFile = "tsa/ca.pem";
inline constexpr const char* kCertificateFile = "tsa/tsa.pem";

struct Identity {
  KeyedCertificate ca;
  KeyedCertificate tsa;
};

// Loads the TSA of DIR, or makes it (the CA, then the TSA certificate) when DIR has none.
// Throws PkiError naming a file that holds no certificate or key.
Identity open_or_make(const std::string& dir, UnixTime now);

}  // namespace mynasim::pki::tsa
