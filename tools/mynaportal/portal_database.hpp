// Where the portal keeps its state, chosen by `mynaportal serve --db`: by default SQLite
// (DATA/portal.db, and DATA/oidc.db for the OpenID Connect provider) with the challenges in
// memory, for one instance; with a postgresql:// URL, PostgreSQL for all three (one schema,
// created or checked on start; one pool of connections), so that instances serving one public
// origin behind one database work as one.
#pragma once

#include <memory>
#include <string>

#include "tools/mynaportal/challenges.hpp"
#include "tools/mynaportal/oidc/oidc_store.hpp"
#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal {

struct PortalDatabase {
  std::unique_ptr<PortalStore> store;
  std::unique_ptr<Challenges> challenges;
  std::unique_ptr<oidc::OidcStore> oidc;
};

// `db`: "" (SQLite in `data_dir`) or a PostgreSQL URL, given `connections` pooled connections
// (the portal's workers and its sweep timer). Throws with the reason when it cannot open it.
PortalDatabase open_portal_database(const std::string& db, const std::string& data_dir,
                                    std::size_t connections, UnixTime challenge_lifetime);

// The OpenID Connect provider's store alone, for the operator's commands (`mynaportal client
// add --db ...`): DATA/oidc.db, or the PostgreSQL database (one connection; the schema created
// or checked) that the instances serving the origin share.
std::unique_ptr<oidc::OidcStore> open_oidc_store(const std::string& db,
                                                 const std::string& data_dir);

// The message for a --db value that is neither "" nor a PostgreSQL URL; "" when it is fine.
std::string check_database_option(const std::string& db);

}  // namespace mynasim::portal
