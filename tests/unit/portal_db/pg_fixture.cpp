#include "pg_fixture.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal::testing {
namespace {

std::string read_url(const std::string& dir) {
  std::ifstream in(dir + "/url");
  std::string url;
  if (!std::getline(in, url) || url.empty())
    throw std::runtime_error(dir + "/url: no cluster URL (pg_cluster.sh start failed?)");
  return url;
}

// Started on first use, stopped when the program ends.
struct OwnCluster {
  std::string dir;
  std::string url;
  OwnCluster() {
    char name[] = "/tmp/portal-db-test.XXXXXX";
    if (!::mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
    dir = name;
    const std::string command =
        std::string("bash ") + PG_CLUSTER_SCRIPT + " start " + dir + " > /dev/null";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("`" + command + "` failed: no PostgreSQL for the store tests");
    url = read_url(dir);
  }
  ~OwnCluster() {
    const std::string command = std::string("bash ") + PG_CLUSTER_SCRIPT + " stop " + dir;
    if (std::system(command.c_str()) != 0) std::fprintf(stderr, "`%s` failed\n", command.c_str());
  }
};

}  // namespace

std::string cluster_url() {
  if (const char* dir = std::getenv("MYNAPORTAL_PG_DIR"); dir && *dir) return read_url(dir);
  static OwnCluster own;
  return own.url;
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
