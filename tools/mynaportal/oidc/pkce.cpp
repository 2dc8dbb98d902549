#include "tools/mynaportal/oidc/pkce.hpp"

#include <openssl/crypto.h>

#include <cctype>

#include "hostcrypto/sha256.hpp"
#include "tools/mynaportal/login_protocol.hpp"

namespace mynasim::portal::oidc {

bool is_valid_code_challenge(std::string_view challenge) {
  if (challenge.size() != 43) return false;
  const auto bytes = base64url_decode(challenge);
  return bytes && bytes->size() == hostcrypto::kSha256Size;
}

bool is_valid_code_verifier(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  for (const char c : verifier)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_' &&
        c != '~')
      return false;
  return true;
}

bool pkce_matches(std::string_view verifier, std::string_view challenge) {
  if (!is_valid_code_verifier(verifier) || !is_valid_code_challenge(challenge)) return false;
  const std::string computed = base64url_encode(hostcrypto::sha256(verifier));
  return computed.size() == challenge.size() &&
         CRYPTO_memcmp(computed.data(), challenge.data(), computed.size()) == 0;
}

}  // namespace mynasim::portal::oidc
