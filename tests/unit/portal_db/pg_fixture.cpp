#include "pg_fixture.hpp"

#include <unistd.h>

#include <cstdlib>
#include <random>

#include "bench/private_postgres.hpp"
#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal::testing {

std::string cluster_url() {
  if (const char* dir = std::getenv("MYNAPORTAL_PG_DIR"); dir && *dir)
    return bench::read_cluster_url(dir);
  static bench::PrivatePostgres own(PG_CLUSTER_SCRIPT);  // stopped at exit
  return own.url();
}

std::string fresh_schema_url() {
  const std::string base = cluster_url();
  std::random_device random;
  const std::string schema =
      "t" + std::to_string(::getpid()) + "_" + std::to_string(random() % 1000000000);
  pg::Connection admin(base);
  admin.script("CREATE SCHEMA " + schema, "a test's schema");
  return base + "?options=-csearch_path%3D" + schema;
}

}  // namespace mynasim::portal::testing
