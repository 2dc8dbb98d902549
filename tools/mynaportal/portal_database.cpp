#include "tools/mynaportal/portal_database.hpp"

#include "tools/mynaportal/challenge_store.hpp"
#include "tools/mynaportal/oidc/postgres_oidc_store.hpp"
#include "tools/mynaportal/oidc/sqlite_oidc_store.hpp"
#include "tools/mynaportal/postgres_challenge_store.hpp"
#include "tools/mynaportal/postgres_portal_store.hpp"
#include "tools/mynaportal/postgres_schema.hpp"
#include "tools/mynaportal/sqlite_portal_store.hpp"

namespace mynasim::portal {

PortalDatabase open_portal_database(const std::string& db, const std::string& data_dir,
                                    std::size_t connections, UnixTime challenge_lifetime) {
  PortalDatabase out;
  if (db.empty()) {
    out.store = std::make_unique<SqlitePortalStore>(data_dir + "/portal.db");
    out.challenges = std::make_unique<ChallengeStore>(challenge_lifetime);
    out.oidc = std::make_unique<oidc::SqliteOidcStore>(data_dir + "/oidc.db");
    return out;
  }
  if (const std::string problem = check_database_option(db); !problem.empty())
    throw std::runtime_error(problem);
  auto pool = std::make_shared<pg::Pool>(db, connections);
  ensure_postgres_schema(*pool->acquire());
  out.store = std::make_unique<PostgresPortalStore>(pool);
  out.challenges = std::make_unique<PostgresChallengeStore>(pool, challenge_lifetime);
  out.oidc = std::make_unique<oidc::PostgresOidcStore>(pool);
  return out;
}

std::unique_ptr<oidc::OidcStore> open_oidc_store(const std::string& db,
                                                 const std::string& data_dir) {
  if (db.empty()) return std::make_unique<oidc::SqliteOidcStore>(data_dir + "/oidc.db");
  if (const std::string problem = check_database_option(db); !problem.empty())
    throw std::runtime_error(problem);
  auto pool = std::make_shared<pg::Pool>(db, 1);
  ensure_postgres_schema(*pool->acquire());
  return std::make_unique<oidc::PostgresOidcStore>(pool);
}

std::string check_database_option(const std::string& db) {
  if (db.empty() || pg::is_postgres_url(db)) return "";
  return "--db: \"" + db.substr(0, db.find('@') == std::string::npos ? 40 : db.find(':')) +
         "\" is not a postgresql:// URL (without --db, the portal uses DATA/portal.db)";
}

}  // namespace mynasim::portal
