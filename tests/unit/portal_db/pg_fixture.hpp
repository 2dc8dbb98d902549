// The PostgreSQL cluster the store tests run against: the one the CTest fixture started
// (MYNAPORTAL_PG_DIR, its url file), or else one this program starts with
// tests/integration/portal/pg_cluster.sh and stops at exit, so the tests always run.
#pragma once

#include <string>

namespace mynasim::portal::testing {

std::string cluster_url();
// A URL whose connections see only a new, empty schema of their own (search_path), so test
// cases running in parallel never meet.
std::string fresh_schema_url();

}  // namespace mynasim::portal::testing
