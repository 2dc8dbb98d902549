// A software stand-in for a card's user-authentication key, for the tests' vectors and the
// benchmark's throughput clients (a real card never gives its key out: the card's own signing
// is exercised by mynatool login and timed in bench_portal's login_through_card).
#pragma once

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::portal {

Bytes spki_der(EVP_PKEY* key);
// RSASSA-PKCS1-v1_5 with SHA-256 over `message` (what the card's 80 2A 00 80 over a SHA-256
// DigestInfo of SHA-256(message) produces).
Bytes sign_rs256(EVP_PKEY* key, ByteView message);

}  // namespace mynasim::portal
