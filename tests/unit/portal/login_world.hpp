// The generator of the jpki-login:1 vectors (vectors/login_vectors.json): an authority made with
// pki::Authority at fixed times in a temporary directory, a software "card" key certified for
// several cards (good, revoked for each reason, on hold), its real OCSP responder and CRLs, and
// the hostile variants a vector asks for (stale, unauthorised or replayed OCSP answers, a
// foreign CA with J-LIS's name, a tampered certificate). Keys are random; everything a vector
// checks (the error code, the reason) is the same on every run.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"
#include "pki/authority.hpp"
#include "pki/ocsp_responder.hpp"
#include "pki/unix_time.hpp"
#include "tools/mynaportal/crl_source.hpp"
#include "tools/mynaportal/login_validator.hpp"

namespace mynasim::portal::testing {

inline constexpr pki::UnixTime kInitAt = 1772323200;   // 2026-03-01T00:00:00Z
inline constexpr pki::UnixTime kIssueAt = 1775001600;  // 2026-04-01T00:00:00Z
inline constexpr pki::UnixTime kLoginAt = kIssueAt + 86400;
inline constexpr const char* kOrigin = "https://portal.test:8443";

class LoginWorld {
 public:
  LoginWorld();
  ~LoginWorld();

  pki::Authority& authority() { return *authority_; }
  const pki::verify::TrustAnchors& anchors() const { return anchors_; }
  // "auth", "sign", "revoked:<reason name>", "hold", "foreign", "tampered", "garbage".
  const Bytes& certificate(const std::string& which) const;
  // RS256 signature by the card key over SHA-256(origin) || SHA-256(nonce).
  Bytes sign(const std::string& origin, const std::string& nonce) const;
  // The OCSP transport a vector's "ocsp" field names: live, down, stale, unauthorised,
  // replayed. `now` is the time the responder thinks it is.
  pki::verify::OcspTransport ocsp(const std::string& mode, pki::UnixTime now);
  // A DER CRL of the auth CA, current at `now` ("fresh"), past its nextUpdate ("expired"), or
  // within its validity but made before the revocations and the hold ("outdated").
  Bytes crl(const std::string& mode, pki::UnixTime now);

  // Builds the vector's request, runs the validator on it, returns the outcome.
  LoginOutcome run(const nlohmann::json& vector);

 private:
  std::string dir_;
  std::unique_ptr<pki::Authority> authority_;
  std::unique_ptr<pki::OcspResponder> responder_;
  hostcrypto::EvpPkeyPtr card_key_;
  pki::verify::TrustAnchors anchors_;
  std::map<std::string, Bytes> certificates_;
  std::unique_ptr<CrlSource> records_;
  Bytes outdated_crl_;  // the portal's view of the authority's registry
};

// One world for the whole test program (making an authority costs a few RSA key generations).
LoginWorld& shared_world();

}  // namespace mynasim::portal::testing
