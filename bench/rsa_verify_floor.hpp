// The verification floor: RSA-2048 signature verifications per second with OpenSSL's EVP on one
// thread, what every verifier's figure (a login, a signed PDF) is divided by in the same run.
#pragma once

#include <openssl/evp.h>

namespace mynasim::bench {

// Signs 64 bytes with `key` (RSA, SHA-256, PKCS#1 v1.5), then verifies that signature in a loop
// for about `seconds`; returns verifications per second. Throws std::runtime_error when a
// verification fails.
double rsa_verify_per_s(EVP_PKEY* key, double seconds = 1.0);

}  // namespace mynasim::bench
