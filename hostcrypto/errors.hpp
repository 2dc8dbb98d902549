// The two ways host crypto fails: OpenSSL refused (CryptoError, with OpenSSL's own error text),
// or bytes are not shaped as their format says (FormatError, naming the field and the problem).
#pragma once

#include <stdexcept>
#include <string_view>

namespace mynasim::hostcrypto {

class CryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws CryptoError("<what>: <OpenSSL's queued errors>") and clears OpenSSL's error queue.
[[noreturn]] void throw_openssl(std::string_view what);

template <typename T>
T* check(T* p, std::string_view what) {
  if (!p) throw_openssl(what);
  return p;
}
inline void check(int rc, std::string_view what) {
  if (rc <= 0) throw_openssl(what);
}

}  // namespace mynasim::hostcrypto
