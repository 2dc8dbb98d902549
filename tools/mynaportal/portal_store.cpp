#include "tools/mynaportal/portal_store.hpp"

#include <openssl/rand.h>

#include <stdexcept>

#include "hostcrypto/sha256.hpp"

namespace mynasim::portal {

std::string PortalStore::new_id() {
  Bytes random(32);
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
    throw std::runtime_error("no randomness for a session id");
  return base64url_encode(random);
}

std::string PortalStore::hash_id(const std::string& raw_id) {
  return base64url_encode(hostcrypto::sha256(raw_id));
}

}  // namespace mynasim::portal
