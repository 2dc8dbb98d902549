// A private PostgreSQL 15 cluster (tests/integration/portal/pg_cluster.sh: initdb in a fresh
// /tmp directory, its own port on 127.0.0.1, trust on loopback), stopped and removed when this
// object goes: bench_portal's PostgreSQL backend, and the store tests when run outside CTest.
#pragma once

#include <string>

namespace mynasim::bench {

class PrivatePostgres {
 public:
  // `script`: the path of pg_cluster.sh. Throws when the cluster does not start.
  explicit PrivatePostgres(std::string script);
  ~PrivatePostgres();
  PrivatePostgres(const PrivatePostgres&) = delete;
  PrivatePostgres& operator=(const PrivatePostgres&) = delete;

  const std::string& url() const { return url_; }  // postgresql://mynaportal@127.0.0.1:PORT/...

 private:
  std::string script_, dir_, url_;
};

// The URL pg_cluster.sh wrote in DIR/url.
std::string read_cluster_url(const std::string& dir);

}  // namespace mynasim::bench
