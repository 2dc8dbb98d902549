// OidcStore in PostgreSQL (`mynaportal serve --db postgresql://...`; tables oidc_* of
// postgres_schema.cpp): every instance serving one public origin shares the clients, codes,
// tokens, the private_key_jwt replay cache and the signing keys, so a code issued through one is
// exchanged through another, once. Races are settled by the database, not by a mutex:
//   - a code is redeemed by one UPDATE ... WHERE used_at IS NULL: of two instances, the row lock
//     lets one mark it and the other then finds it used (a replay);
//   - a replay marks the code replayed (taking its row lock) before it revokes the code's tokens
//     in a second statement; issue_token updates the same row in the statement that inserts the
//     token, revoked if the code is marked. Whichever comes first, the token ends revoked;
//   - a jti is inserted under its primary key (ON CONFLICT: fresh only if the old one expired);
//   - a key is rotated under an advisory lock, re-reading the current key once it holds it, and
//     a unique index allows one current key: instances that find the key old at the same
//     moment make one new key, and every instance publishes the same JWKS.
// The bounds keep the newest rows by their seq (a sequence), without counting rows. The attribute
// logins' rows are postgres_attribute_rows.cpp.
#pragma once

#include <memory>

#include "tools/mynaportal/oidc/oidc_store.hpp"
#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal::oidc {

class PostgresOidcStore : public OidcStore {
 public:
  // The schema must exist (ensure_postgres_schema).
  explicit PostgresOidcStore(std::shared_ptr<pg::Pool> pool) : pool_(std::move(pool)) {}

  bool remove_client(const std::string& id) override;
  std::vector<Client> clients() override;
  std::optional<Client> client(const std::string& id) override;
  std::string issue_code(const Grant& grant, UnixTime now, UnixTime lifetime) override;
  std::variant<Grant, CodeRefused> redeem_code(const std::string& code, UnixTime now) override;
  std::string issue_token(const std::string& code, const Grant& grant, UnixTime now,
                          UnixTime lifetime) override;
  std::optional<AccessToken> token(const std::string& raw, UnixTime now) override;
  std::string token_claims(const std::string& raw) override;
  std::optional<Grant> token_grant(const std::string& raw) override;
  bool add_sign_transaction(const SignTransaction& transaction, UnixTime now) override;
  std::optional<SignTransaction> sign_transaction(const std::string& id, UnixTime now) override;
  bool close_sign_transaction(const std::string& id, const std::string& client_id,
                              const SignTransaction& result, UnixTime now) override;
  std::size_t sweep_sign_transactions(UnixTime now) override;
  bool first_use(const std::string& key, UnixTime expires_at, UnixTime now) override;
  std::shared_ptr<const SigningKey> signing_key(UnixTime now, UnixTime rotate_after,
                                                UnixTime keep_retired) override;
  std::string rotate_key(UnixTime now, UnixTime keep_retired) override;
  std::vector<std::shared_ptr<const SigningKey>> published_keys(UnixTime now) override;
  std::size_t sweep(UnixTime now) override;
  std::size_t code_count() override;
  void put_attribute_login(const std::string& session, const AttributeLoginRow& row) override;
  std::optional<AttributeLoginRow> attribute_login(const std::string& session,
                                                   UnixTime now) override;
  std::optional<AttributeLoginRow> take_attribute_capture(const std::string& session) override;
  void rekey_attribute_login(const std::string& old_session,
                             const std::string& new_session) override;
  void put_consent(const std::string& id_hash, const ConsentRow& row) override;
  std::optional<ConsentRow> take_consent(const std::string& id_hash) override;
  std::size_t sweep_attribute_logins(UnixTime now) override;
  std::size_t attribute_login_count() override;

 protected:
  void insert_client(const Client& client, const std::optional<StoredSecret>& secret) override;
  std::optional<StoredSecret> stored_secret(const std::string& id) override;

 private:
  // Under the rotation lock: a new current key (unless `rotate_after` > 0 and the current one,
  // made by another instance meanwhile, is younger); returns the current key's kid and PEM.
  std::pair<std::string, std::string> rotate(UnixTime now, UnixTime rotate_after,
                                             UnixTime keep_retired);
  std::shared_ptr<pg::Pool> pool_;
};

}  // namespace mynasim::portal::oidc
