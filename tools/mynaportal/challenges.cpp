#include "tools/mynaportal/challenges.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace mynasim::portal {

std::string Challenges::issue(const std::string& session, UnixTime now) {
  Bytes random(kNonceBytes);
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
    throw std::runtime_error("no randomness for a challenge");
  const std::string nonce = base64url_encode(random);
  insert(session, nonce, now);
  return nonce;
}

}  // namespace mynasim::portal
