// The OpenID Connect provider's state (docs/oidc.md) behind one interface with two backends, as
// the portal's own (portal_store.hpp): SqliteOidcStore (DATA/oidc.db, the embedded default, one
// instance) and PostgresOidcStore (`--db postgresql://...`, shared by every instance serving one
// public origin, so that a code issued by one is exchanged once through any). It holds the
// clients the operator registered, authorization codes, access tokens, the private_key_jwt
// replay cache, the ID-token signing keys and the steps of attribute logins (attribute_logins.hpp).
// Codes and tokens are random 32 bytes given out once; only their SHA-256 is kept. Every code,
// token and assertion row is made for a logged-in holder or by the operator; an attribute
// login's wish is made for a login page (POST /login/start), so that table is the bounded,
// expiring store unauthenticated requests may fill. Everything is bounded (the oldest, which
// are the soonest to expire, go past the bound) and goes at sweep() once expired.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tools/mynaportal/challenges.hpp"
#include "tools/mynaportal/oidc/jws.hpp"

namespace mynasim::portal::oidc {

struct Client {
  std::string id;
  std::vector<std::string> redirect_uris;
  bool has_secret = false;  // client_secret_basic
  UnixTime created_at = 0;
  std::string jwks;  // private_key_jwt: the client's public keys (a JWKS document); else empty
};

// What a code stands for: the holder's consent to one client's request.
struct Grant {
  std::string client_id;
  std::int64_t account_id = 0;
  std::string redirect_uri;
  std::string scope;
  std::string nonce;
  std::string code_challenge;
  std::string acr;  // the met acr values, space-separated ("" when none were asked)
  UnixTime auth_time = 0;
  // The holder's attributes the holder consented to give (attribute_claims.hpp), a JSON object
  // of OpenID Connect claims; "" when none were asked.
  std::string claims = {};  // (initialised: aggregate initialisers may leave it out)
  // scope `sign`: the sign transaction this grant released the signature of (sign_routes.hpp);
  // its result is fetched with this grant's access token only.
  std::string sign_transaction_id = {};
};

// A digest a client registered for the holder to sign with the signature key (scope `sign`,
// docs/oidc.md). Made by an authenticated client only; single use, 10 minutes.
struct SignTransaction {
  std::string id = {};  // a random UUID (the Digital Authentication App's sign_transaction_id)
  std::string client_id = {};
  Bytes digest = {};              // SHA-256, 32 bytes
  std::string display_text = {};  // shown to the holder beside the digest ("" when none)
  UnixTime created_at = 0;
  UnixTime expires_at = 0;
  // Set once, when the holder answered the consent screen: closed (used) from then on.
  bool closed = false;
  bool declined = false;
  std::int64_t account_id = 0;  // who signed
  Bytes signature = {};         // PKCS#1 v1.5 over DigestInfo(SHA-256, digest), checked
  Bytes certificate = {};       // the signature certificate that passed the checks (DER)
};

enum class CodeProblem { kUnknown, kExpired, kReplayed };
struct CodeRefused {
  CodeProblem problem;
  std::int64_t account_id = 0;  // kReplayed: whose tokens were revoked
  std::string client_id;        // kReplayed
  int revoked = 0;              // kReplayed: how many access tokens that code's exchange issued
};

// An attribute login's row (attribute_logins.hpp makes and reads the JSON texts), per browser
// session: what the login page was opened for, or what the login captured.
struct AttributeLoginRow {
  std::string wish;          // JSON; "" once the login captured
  std::string captured_for;  // the client id the attributes were read for
  std::string captured;      // JSON: the holder's attributes (personal data); "" before the login
  UnixTime expires_at = 0;
};

// A consent screen waiting for the holder's answer.
struct ConsentRow {
  std::string session;  // the browser session it was shown to
  std::string consent;  // JSON: the request and the grant, the holder's attributes included
  UnixTime expires_at = 0;
};

struct AccessToken {
  std::string client_id;
  std::int64_t account_id = 0;
  std::string scope;
  UnixTime expires_at = 0;
};

class OidcStore {
 public:
  static constexpr std::size_t kMaxCodes = 10000;
  static constexpr std::size_t kMaxTokens = 100000;
  static constexpr std::size_t kMaxAssertions = 100000;
  // Attribute logins and consent screens, each.
  static constexpr std::size_t kMaxAttributeLogins = 10000;
  static constexpr std::size_t kMaxSignTransactions = 10000;
  static constexpr std::size_t kMaxSignTransactionsPerClient = 100;
  static constexpr UnixTime kSignTransactionLifetime = 600;
  // A client secret shorter than this is refused: it is compared by a fast hash, which is only
  // safe for secrets no one can guess (RFC 6749 §10.10).
  static constexpr std::size_t kMinSecretBytes = 32;

  virtual ~OidcStore() = default;

  // The operator's registry. add_client throws when the id is taken or a field is bad; a client
  // has either a secret or (client.jwks) public keys, not both.
  void add_client(const Client& client, const std::string& secret);
  virtual bool remove_client(const std::string& id) = 0;  // its tokens stop working at once
  virtual std::vector<Client> clients() = 0;              // ordered by id
  virtual std::optional<Client> client(const std::string& id) = 0;
  // Constant-time comparison of the salted SHA-256; false for an unknown client or one with
  // no secret.
  bool client_secret_matches(const std::string& id, const std::string& secret);

  // A fresh code for `grant`, valid `lifetime` seconds; the raw code. Past kMaxCodes the oldest
  // code goes.
  virtual std::string issue_code(const Grant& grant, UnixTime now, UnixTime lifetime) = 0;
  // Takes the code: the first time it is marked used and its grant returned; a second time the
  // access tokens its first exchange issued are revoked (RFC 6749 §4.1.2), and so is any it
  // issues later, and kReplayed answered. An unused code is answered kExpired one more lifetime
  // after it expired, then kUnknown.
  virtual std::variant<Grant, CodeRefused> redeem_code(const std::string& code, UnixTime now) = 0;

  // Records an access token issued by exchanging `code` (so a replay can revoke it); revoked
  // from the start when the code was replayed meanwhile. Past kMaxTokens the oldest goes.
  virtual std::string issue_token(const std::string& code, const Grant& grant, UnixTime now,
                                  UnixTime lifetime) = 0;
  // A live token: unrevoked, unexpired, its client still registered.
  virtual std::optional<AccessToken> token(const std::string& raw, UnixTime now) = 0;
  // The consented claims (Grant::claims) of the code a token was issued for: "" when none, or
  // when the token is unknown.
  virtual std::string token_claims(const std::string& raw) = 0;

  // The grant of the code a token was issued for; nullopt when the token came from no code
  // (client_credentials) or is unknown.
  virtual std::optional<Grant> token_grant(const std::string& raw) = 0;

  // Sign transactions (scope `sign`). add: false when the client already has
  // kMaxSignTransactionsPerClient live ones; past kMaxSignTransactions the oldest goes.
  virtual bool add_sign_transaction(const SignTransaction& transaction, UnixTime now) = 0;
  // The transaction, unexpired (closed or not); nullopt when unknown or expired.
  virtual std::optional<SignTransaction> sign_transaction(const std::string& id,
                                                          UnixTime now) = 0;
  // Closes an open, unexpired transaction of `client_id` with the holder's answer (`result`'s
  // declined, account_id, signature, certificate); false when it was closed meanwhile (by
  // another instance too), expired, or is another client's.
  virtual bool close_sign_transaction(const std::string& id, const std::string& client_id,
                                      const SignTransaction& result, UnixTime now) = 0;
  // Forgets expired transactions; the rows deleted.
  virtual std::size_t sweep_sign_transactions(UnixTime now) = 0;

  // private_key_jwt's replay check: true the first time `key` (client id and jti) is seen; kept
  // until `expires_at` (at most kMaxAssertions, the oldest going first).
  virtual bool first_use(const std::string& key, UnixTime expires_at, UnixTime now) = 0;

  // The steps of attribute logins, shared by every instance that uses this store. Rows live
  // until their `expires_at`; past kMaxAttributeLogins rows in a table the one written first
  // (every write renews the row for the same lifetime, so the soonest to expire) goes.
  // put_attribute_login replaces the session's row. take_* delete the row in the statement that
  // reads it: of two instances taking one row, one gets it; the caller judges expiry and
  // binding, so a wrong try burns it too.
  virtual void put_attribute_login(const std::string& session, const AttributeLoginRow& row) = 0;
  virtual std::optional<AttributeLoginRow> attribute_login(const std::string& session,
                                                           UnixTime now) = 0;  // unexpired
  // The session's row if it holds captured attributes.
  virtual std::optional<AttributeLoginRow> take_attribute_capture(const std::string& session) = 0;
  // The session's row, if any, now under `new_session` (replacing what that one had).
  virtual void rekey_attribute_login(const std::string& old_session,
                                     const std::string& new_session) = 0;
  virtual void put_consent(const std::string& id_hash, const ConsentRow& row) = 0;
  virtual std::optional<ConsentRow> take_consent(const std::string& id_hash) = 0;
  // Deletes the expired attribute logins and consent screens (also done by sweep()).
  virtual std::size_t sweep_attribute_logins(UnixTime now) = 0;
  virtual std::size_t attribute_login_count() = 0;  // both tables' rows

  // The signing key for new tokens: made on first use, and again when the current one is older
  // than `rotate_after` seconds (once, however many instances ask at that moment). A retired key
  // stays in published_keys() for `keep_retired` seconds (the lifetime of the ID tokens it
  // signed).
  virtual std::shared_ptr<const SigningKey> signing_key(UnixTime now, UnixTime rotate_after,
                                                        UnixTime keep_retired) = 0;
  // The operator's `key rotate`: a new current key; returns its kid.
  virtual std::string rotate_key(UnixTime now, UnixTime keep_retired) = 0;
  // The current key first, then the retired ones still published, newest first.
  virtual std::vector<std::shared_ptr<const SigningKey>> published_keys(UnixTime now) = 0;

  // Forgets expired codes (a used one once the tokens it issued have expired too), tokens,
  // assertions, retired keys, attribute logins and consent screens. Returns the rows deleted.
  virtual std::size_t sweep(UnixTime now) = 0;
  virtual std::size_t code_count() = 0;

  // A client's redirect URIs as the backends keep them (a JSON array).
  static std::string uris_text(const std::vector<std::string>& uris);
  static std::vector<std::string> uris_of(const std::string& text);
  // A grant as the backends keep it (JSON text); also inside a pending consent's row.
  static std::string grant_text(const Grant& grant);
  static Grant grant_of(const std::string& text);

 protected:
  // A client secret as kept: a random salt and SHA-256(salt || secret).
  struct StoredSecret {
    Bytes salt;
    Bytes hash;
  };
  // add_client's row, its fields checked; `secret` is empty for a client with keys. Throws
  // (already_registered) when the id is taken.
  virtual void insert_client(const Client& client, const std::optional<StoredSecret>& secret) = 0;
  virtual std::optional<StoredSecret> stored_secret(const std::string& id) = 0;
  static std::string already_registered(const std::string& id);

  // The parsed key for a stored (kid, PEM), parsed once per kid.
  std::shared_ptr<const SigningKey> key_of(const std::string& kid, const std::string& pem);

 private:
  std::mutex keys_mutex_;
  std::map<std::string, std::shared_ptr<const SigningKey>> keys_;
};

}  // namespace mynasim::portal::oidc
