// What a login for an OpenID Connect client's attribute scopes carries between its steps
// (docs/oidc.md), per browser session (the SHA-256 of its id, as the portal's store keys it):
//   wish     the login page was opened for an authorization request asking for attributes
//            (POST /login/start with its `next`): the challenge tells the card's client so;
//   capture  the login came with a signature certificate that passed
//            signature_certificate_check.hpp: its attributes, for that client only;
//   consent  the consent screen shown for them: the grant waiting for the holder's answer,
//            under a random id the screen's form carries.
// Each is single use and lives 10 minutes (a login page's session lives as long). Kept in the
// provider's store (oidc_store.hpp: oidc.db, or PostgreSQL shared by every instance, so that a
// login page shown by one instance is completed and its consent answered through another), as
// JSON this file makes. Taking is one statement in the database, so of two instances one gets
// it. Bounded: past kMaxEntries per table the soonest to expire goes (as challenges, so a flood
// evicts rather than locks out); the provider's sweep deletes what expired. The holder's
// attributes live there only until the consent is answered or they expire; then they go no
// further than the consented code's grant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pki/holder_attributes.hpp"
#include "tools/mynaportal/oidc/authorization_request.hpp"
#include "tools/mynaportal/oidc/oidc_store.hpp"

namespace mynasim::portal::oidc {

struct AttributeWish {
  std::string client_id;
  std::vector<std::string> attributes;  // attribute_claims.hpp's scopes
  // scope sign: the client's sign transaction whose digest the card signs at this login
  // (sign_routes.hpp); "" when none.
  std::string sign_transaction_id = {};
};

// scope sign: what the card signed at the login, checked against the signature certificate
// that passed signature_certificate_check.hpp; released to the client only after the consent.
struct CapturedSignature {
  std::string transaction_id;
  Bytes signature;    // PKCS#1 v1.5 over DigestInfo(SHA-256, the transaction's digest)
  Bytes certificate;  // the signature certificate (DER)
};

struct PendingConsent {
  std::string session;  // the browser session that was shown the screen
  AuthorizationRequest request;
  Grant grant;  // what the code will stand for, the consented claims included
  std::vector<std::string> attributes;
  std::optional<CapturedSignature> signature = {};  // scope sign
};

class AttributeLogins {
 public:
  static constexpr std::size_t kMaxEntries = OidcStore::kMaxAttributeLogins;
  static constexpr UnixTime kLifetime = 600;

  // `store` outlives this.
  explicit AttributeLogins(OidcStore& store) : store_(store) {}

  void want(const std::string& session, AttributeWish wish, UnixTime now);
  std::optional<AttributeWish> wish(const std::string& session, UnixTime now);
  // Replaces the session's wish by what the login proved.
  void capture(const std::string& session, const std::string& client_id,
               pki::HolderAttributes attributes, UnixTime now,
               std::optional<CapturedSignature> signature = std::nullopt);
  // The attributes captured at the session's login for `client_id`, taken (once).
  std::optional<pki::HolderAttributes> take_capture(const std::string& session,
                                                    const std::string& client_id, UnixTime now);
  // take_capture, with the signature (scope sign) captured with it, if any.
  struct Captured {
    pki::HolderAttributes attributes;
    std::optional<CapturedSignature> signature;
  };
  std::optional<Captured> take_capture_with_signature(const std::string& session,
                                                      const std::string& client_id,
                                                      UnixTime now);
  // A login by code rotates the browser's session id: what it captured follows.
  void rekey(const std::string& old_session, const std::string& new_session);

  // A random id (base64url of 32 bytes) for the screen.
  std::string add_consent(PendingConsent consent, UnixTime now);
  // The consent `id`, taken (once), if it was shown to `session` and has not expired.
  std::optional<PendingConsent> take_consent(const std::string& id, const std::string& session,
                                             UnixTime now);

  std::size_t sweep(UnixTime now);
  std::size_t size();

 private:
  OidcStore& store_;
};

}  // namespace mynasim::portal::oidc
