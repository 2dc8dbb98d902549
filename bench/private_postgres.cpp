#include "bench/private_postgres.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace mynasim::bench {

std::string read_cluster_url(const std::string& dir) {
  std::ifstream in(dir + "/url");
  std::string url;
  if (!std::getline(in, url) || url.empty())
    throw std::runtime_error(dir + "/url: no cluster URL (pg_cluster.sh start failed?)");
  return url;
}

PrivatePostgres::PrivatePostgres(std::string script) : script_(std::move(script)) {
  char name[] = "/tmp/mynasim-pg.XXXXXX";
  if (!::mkdtemp(name)) throw std::runtime_error("mkdtemp failed for a PostgreSQL cluster");
  dir_ = name;
  const std::string command = "bash '" + script_ + "' start '" + dir_ + "' > /dev/null";
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error("`" + command + "` failed: no PostgreSQL cluster");
  url_ = read_cluster_url(dir_);
}

PrivatePostgres::~PrivatePostgres() {
  const std::string command = "bash '" + script_ + "' stop '" + dir_ + "'";
  if (std::system(command.c_str()) != 0) std::fprintf(stderr, "`%s` failed\n", command.c_str());
}

}  // namespace mynasim::bench
