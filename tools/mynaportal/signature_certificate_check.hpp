// The signature certificate an OpenID Connect client's attribute scopes need (docs/oidc.md):
// the holder's four basic attributes are in it, and only there (the user-authentication
// certificate carries none). It comes with a login, as the login request's sign_token, and is
// believed only when all of these hold:
//   1. RS256, the certificate parses, is valid now and was issued by the JPKI signature CA;
//   2. its chain to the configured signature CA generations, its purpose (digitalSignature,
//      nonRepudiation, policy 1.2.392.200149.8.5.1.1.20) and its revocation status (OCSP, the
//      CRL fallback, hard-fail as for the login: revocation_checker.hpp);
//   3. the signature key signed the same origin and the same single-use nonce as the
//      authentication key of the login it comes with (so it was present at this login, not
//      replayed from another);
//   4. J-LIS's records (mynaca.db, read only) put it on the same card as the login's
//      user-authentication certificate, as J-LIS links the two certificates of one card for
//      relying parties: so another person's signature certificate cannot be attached to one's
//      own login even by someone who holds both cards and passwords.
// Only then are its attributes read (pki/holder_attributes.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include "pki/holder_attributes.hpp"
#include "pki/registry.hpp"
#include "tools/mynaportal/login_protocol.hpp"
#include "tools/mynaportal/revocation_checker.hpp"

namespace mynasim::portal {

class SignatureCertificateCheck {
 public:
  // `config.purpose` is set to kSignature here. `registry_path`: J-LIS's mynaca.db; empty or
  // unreadable: every check fails (nothing links the two certificates).
  SignatureCertificateCheck(pki::verify::TrustAnchors anchors, RevocationConfig config,
                            const std::string& registry_path);
  ~SignatureCertificateCheck();

  // `auth_serial`: the login's validated user-authentication certificate; `origin` and `nonce`
  // what its signature was checked over.
  std::variant<pki::HolderAttributes, Rejection> check(const Token& sign_token,
                                                       std::uint64_t auth_serial,
                                                       const std::string& origin,
                                                       const std::string& nonce, pki::UnixTime now);

 private:
  std::optional<Rejection> same_card(std::uint64_t sign_serial, std::uint64_t auth_serial);

  pki::verify::TrustAnchors anchors_;
  RevocationChecker revocation_;
  std::mutex registry_mutex_;
  std::unique_ptr<pki::Registry> registry_;
  std::string registry_problem_;
};

}  // namespace mynasim::portal
