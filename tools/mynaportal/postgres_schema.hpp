// The portal's tables in PostgreSQL (PostgresPortalStore, PostgresChallengeStore), created on
// start by whichever instance comes first. Versioned: mynaportal_schema holds the version; an
// instance that finds a newer one refuses to start (an older mynaportal must not write a schema
// it does not know), one that finds none or its own creates what is missing. Instances starting
// at once serialize on an advisory lock.
#pragma once

#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal {

inline constexpr int kPostgresSchemaVersion = 1;

void ensure_postgres_schema(pg::Connection& connection);

}  // namespace mynasim::portal
