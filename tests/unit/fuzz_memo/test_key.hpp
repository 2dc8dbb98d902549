// The RSA-2048 key the memo's tests sign with: one for the whole program, since generating one
// takes a while. Each test signs bytes of its own, so that the memo never answers one test from
// another's call.
#pragma once

#include <mbedtls/rsa.h>

namespace mynasim::fuzz_memo_test {

mbedtls_rsa_context* test_key();

}  // namespace mynasim::fuzz_memo_test
