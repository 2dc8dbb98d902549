// The two backends of each store interface, made fresh for one test case: "sqlite" (a new
// portal.db and oidc.db in a temporary directory; challenges in memory) and "postgresql" (a new
// schema in the test cluster, pg_fixture.hpp).
#pragma once

#include <memory>
#include <string>

#include "tools/mynaportal/challenges.hpp"
#include "tools/mynaportal/oidc/oidc_store.hpp"
#include "tools/mynaportal/portal_store.hpp"
#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal::testing {

inline constexpr UnixTime kLifetime = 300;

// One database for one test case; stores made from it share it, as instances would.
class Backend {
 public:
  explicit Backend(std::string name);
  ~Backend();
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // A store as one instance would open it (each call: a new instance with its own connections).
  std::unique_ptr<PortalStore> portal_store();
  std::unique_ptr<Challenges> challenges(std::size_t capacity = 10000);
  std::unique_ptr<oidc::OidcStore> oidc_store();
  const std::string& name() const { return name_; }
  std::string sqlite_path() const { return dir_ + "/portal.db"; }
  std::string oidc_sqlite_path() const { return dir_ + "/oidc.db"; }
  const std::string& postgres_url() const { return url_; }

 private:
  std::string name_;
  std::string dir_;  // sqlite
  std::string url_;  // postgresql
};

// The OpenID Connect store tests' client "rp1" (client_secret_basic, kClientSecret) and a grant.
inline const std::string kClientSecret = "0123456789abcdef0123456789abcdef";
inline void add_rp1(oidc::OidcStore& store) {
  store.add_client({"rp1", {"https://rp.example/cb"}, true, 0, {}}, kClientSecret);
}
inline oidc::Grant grant_for(const std::string& client) {
  return {client, 7, "https://rp.example/cb", "openid", "n1", "challenge", "aal3", 100};
}

}  // namespace mynasim::portal::testing
