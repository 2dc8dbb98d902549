// The portal's tables in PostgreSQL (PostgresPortalStore, PostgresChallengeStore,
// oidc::PostgresOidcStore), created on start by whichever instance comes first. Versioned:
// mynaportal_schema holds the version; an instance that finds a newer one refuses to start (an
// older mynaportal must not write a schema it does not know), one that finds an older one or
// none creates what is missing (every statement is CREATE ... IF NOT EXISTS). Instances starting
// at once serialize on an advisory lock.
#pragma once

#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal {

// 1: the portal's tables; 2: and the OpenID Connect provider's (oidc_*); 3: and its attribute
// logins' (oidc_attribute_logins, oidc_consents); 4: and scope sign's transactions
// (oidc_sign_transactions).
inline constexpr int kPostgresSchemaVersion = 4;

void ensure_postgres_schema(pg::Connection& connection);

}  // namespace mynasim::portal
