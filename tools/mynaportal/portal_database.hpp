// Where the portal keeps its state, chosen by `mynaportal serve --db`: by default SQLite
// (DATA/portal.db) with the challenges in memory, for one instance; with a postgresql:// URL,
// PostgreSQL for both (the schema created or checked on start), so that instances serving one
// public origin behind one database work as one.
#pragma once

#include <memory>
#include <string>

#include "tools/mynaportal/challenges.hpp"
#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal {

struct PortalDatabase {
  std::unique_ptr<PortalStore> store;
  std::unique_ptr<Challenges> challenges;
};

// `db`: "" (SQLite in `data_dir`) or a PostgreSQL URL, given `connections` pooled connections
// (the portal's workers and its sweep timer). Throws with the reason when it cannot open it.
PortalDatabase open_portal_database(const std::string& db, const std::string& data_dir,
                                    std::size_t connections, UnixTime challenge_lifetime);

// The message for a --db value that is neither "" nor a PostgreSQL URL; "" when it is fine.
std::string check_database_option(const std::string& db);

}  // namespace mynasim::portal
