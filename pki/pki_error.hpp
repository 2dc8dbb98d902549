// How pki/ reports a failure: PkiError, a CryptoError of hostcrypto's, so that one catch of
// hostcrypto::CryptoError takes both OpenSSL's refusals and pki's own (bad input, missing file).
#pragma once

#include "hostcrypto/errors.hpp"

namespace mynasim::pki {

class PkiError : public hostcrypto::CryptoError {
 public:
  using hostcrypto::CryptoError::CryptoError;
};

}  // namespace mynasim::pki
