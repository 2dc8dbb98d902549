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

std::string PortalStore::secret_fingerprint(ByteView secret) {
  const std::string_view label = "mynaportal pseudonym secret fingerprint\n";
  Bytes labelled(label.begin(), label.end());
  append(labelled, secret);
  return base64url_encode(hostcrypto::sha256(labelled));
}

std::string PortalStore::secret_mismatch(const std::string& where) {
  return where +
         " belongs to instances with another pseudonym secret: copy their DATA/secret.bin here "
         "(with this one every holder would get a new account)";
}

std::string PortalStore::hash_id(const std::string& raw_id) {
  return base64url_encode(hostcrypto::sha256(raw_id));
}

}  // namespace mynasim::portal
