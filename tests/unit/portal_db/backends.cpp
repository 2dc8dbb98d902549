#include "backends.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "pg_fixture.hpp"
#include "tools/mynaportal/challenge_store.hpp"
#include "tools/mynaportal/portal_database.hpp"
#include "tools/mynaportal/postgres_challenge_store.hpp"
#include "tools/mynaportal/postgres_schema.hpp"

namespace mynasim::portal::testing {

Backend::Backend(std::string name) : name_(std::move(name)) {
  if (name_ == "sqlite") {
    char dir[] = "/tmp/portal-db-test.XXXXXX";
    if (!::mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
    dir_ = dir;
  } else if (name_ == "postgresql") {
    url_ = fresh_schema_url();
  } else {
    throw std::logic_error("no backend " + name_);
  }
}

Backend::~Backend() {
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

std::unique_ptr<PortalStore> Backend::portal_store() {
  return open_portal_database(url_, dir_, 4, kLifetime).store;
}

std::unique_ptr<oidc::OidcStore> Backend::oidc_store() {
  return open_portal_database(url_, dir_, 4, kLifetime).oidc;
}

std::unique_ptr<Challenges> Backend::challenges(std::size_t capacity) {
  if (name_ == "sqlite") return std::make_unique<ChallengeStore>(kLifetime, capacity);
  auto pool = std::make_shared<pg::Pool>(url_, 4);
  ensure_postgres_schema(*pool->acquire());
  return std::make_unique<PostgresChallengeStore>(pool, kLifetime, capacity);
}

}  // namespace mynasim::portal::testing
