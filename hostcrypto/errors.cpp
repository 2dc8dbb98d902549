#include "hostcrypto/errors.hpp"

#include <openssl/err.h>

#include <string>

namespace mynasim::hostcrypto {

void throw_openssl(std::string_view what) {
  std::string message(what);
  const char* sep = ": ";
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    message += sep;
    message += buffer;
    sep = "; ";
  }
  throw CryptoError(message);
}

}  // namespace mynasim::hostcrypto
