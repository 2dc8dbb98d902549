#include "fuzz_memo/test_key.hpp"

#include <catch2/catch.hpp>

#include "card/crypto/mbedtls_rsa.hpp"
#include "card/env.hpp"

namespace mynasim::fuzz_memo_test {

mbedtls_rsa_context* test_key() {
  static card::crypto::RsaContext rsa;
  static const bool made = [] {
    card::SeededRandom random(42);
    return mbedtls_rsa_gen_key(rsa.get(), card::crypto::fill_from_random, &random, 2048, 65537) ==
           0;
  }();
  REQUIRE(made);
  return rsa.get();
}

}  // namespace mynasim::fuzz_memo_test
