// OidcStore in SQLite: DATA/oidc.db (0600, its own file beside portal.db), the embedded default
// for one instance. One connection behind a mutex, WAL with synchronous=NORMAL as portal.db.
// The bounds keep the newest rows by rowid (insertion order), so no row is counted on the way.
// Statements are prepared once per connection (Database::cached): re-preparing them was a fifth
// of a login's time in the portal's store. The attribute logins' rows are
// sqlite_attribute_rows.cpp.
#pragma once

#include <initializer_list>
#include <mutex>

#include "pki/sqlite.hpp"
#include "tools/mynaportal/oidc/oidc_store.hpp"

namespace mynasim::portal::oidc {

class SqliteOidcStore : public OidcStore {
 public:
  explicit SqliteOidcStore(const std::string& path);

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
  std::string new_key_locked(UnixTime now, UnixTime keep_retired);
  // Deletes the rows of `table` inserted before the newest `bound` (the row just inserted
  // included).
  void trim_locked(const char* table, std::size_t bound);
  // Runs each DELETE with ?1 = now; the rows deleted.
  std::size_t delete_expired_locked(std::initializer_list<const char*> statements, UnixTime now);
  std::size_t sweep_attribute_logins_locked(UnixTime now);
  std::mutex mutex_;
  pki::sql::Database db_;
};

}  // namespace mynasim::portal::oidc
