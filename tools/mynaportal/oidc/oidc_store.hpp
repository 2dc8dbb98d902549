// The OpenID Connect provider's state (docs/oidc.md), in its own SQLite file DATA/oidc.db (0600,
// beside portal.db, so that the portal's store can change backend without touching it): the
// clients the operator registered, authorization codes, access tokens and the ID-token signing
// keys. Codes and tokens are random 32 bytes given out once; only their SHA-256 is kept. Every
// row is made for a logged-in holder or by the operator, never for an anonymous request; still
// codes and tokens are bounded (the oldest go past the bound) and go at sweep() once expired.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "pki/sqlite.hpp"
#include "tools/mynaportal/challenge_store.hpp"
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
};

enum class CodeProblem { kUnknown, kExpired, kReplayed };
struct CodeRefused {
  CodeProblem problem;
  std::int64_t account_id = 0;  // kReplayed: whose tokens were revoked
  std::string client_id;        // kReplayed
  int revoked = 0;              // kReplayed: how many access tokens that code's exchange issued
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
  // A client secret shorter than this is refused: it is compared by a fast hash, which is only
  // safe for secrets no one can guess (RFC 6749 §10.10).
  static constexpr std::size_t kMinSecretBytes = 32;

  explicit OidcStore(const std::string& path);

  // The operator's registry. add_client throws when the id is taken or a field is bad; a client
  // has either a secret or (client.jwks) public keys, not both.
  void add_client(const Client& client, const std::string& secret);
  bool remove_client(const std::string& id);
  std::vector<Client> clients();
  std::optional<Client> client(const std::string& id);
  // Constant-time comparison of the salted SHA-256; false for an unknown client or one with
  // no secret.
  bool client_secret_matches(const std::string& id, const std::string& secret);

  // A fresh code for `grant`, valid `lifetime` seconds; the raw code.
  std::string issue_code(const Grant& grant, UnixTime now, UnixTime lifetime);
  // Takes the code: the first time it is marked used and its grant returned; a second time the
  // access tokens its first exchange issued are revoked (RFC 6749 §4.1.2) and kReplayed answered.
  std::variant<Grant, CodeRefused> redeem_code(const std::string& code, UnixTime now);

  // Records an access token issued by exchanging `code` (so a replay can revoke it).
  std::string issue_token(const std::string& code, const Grant& grant, UnixTime now,
                          UnixTime lifetime);
  std::optional<AccessToken> token(const std::string& raw, UnixTime now);
  // The consented claims (Grant::claims) of the code a token was issued for: "" when none, or
  // when the token is unknown.
  std::string token_claims(const std::string& raw);

  // private_key_jwt's replay check: true the first time `key` (client id and jti) is seen; kept
  // until `expires_at` (at most kMaxAssertions, the soonest to expire going first).
  bool first_use(const std::string& key, UnixTime expires_at, UnixTime now);
  static constexpr std::size_t kMaxAssertions = 100000;

  // The signing key for new tokens: made on first use, and again when the current one is older
  // than `rotate_after` seconds. A retired key stays in jwks() for `keep_retired` seconds (the
  // lifetime of the ID tokens it signed).
  std::shared_ptr<const SigningKey> signing_key(UnixTime now, UnixTime rotate_after,
                                                UnixTime keep_retired);
  void rotate_key(UnixTime now, UnixTime keep_retired);  // the operator's `key rotate`
  std::vector<std::shared_ptr<const SigningKey>> published_keys(UnixTime now);

  // Forgets expired codes (a used one once the tokens it issued have expired too), tokens and
  // retired keys. Returns the rows deleted.
  std::size_t sweep(UnixTime now);
  std::size_t code_count();

 private:
  std::shared_ptr<const SigningKey> key_of(const std::string& kid, const std::string& pem);
  void new_key_locked(UnixTime now, UnixTime keep_retired);
  void trim_locked(const char* table, std::size_t bound);
  bool client_of_locked_exists(const std::string& id);
  std::mutex mutex_;
  pki::sql::Database db_;
  std::map<std::string, std::shared_ptr<const SigningKey>> keys_;  // kid -> parsed key (cache)
};

}  // namespace mynasim::portal::oidc
