// tests/fuzz/rsa_crt.cpp: the private operation fuzz_card's memo computes with OpenSSL is
// mbedtls_rsa_private's number, and a signature through the memo's wrapper is what mbedTLS itself
// answers, bytes and error code, also for contexts mbedTLS refuses or whose parts disagree.
#include <catch2/catch.hpp>

#include <mbedtls/rsa.h>

#include <cstdint>
#include <vector>

#include "card/crypto/mbedtls_rsa.hpp"
#include "card/env.hpp"
#include "fuzz_memo/test_key.hpp"
#include "tests/fuzz/rsa_crt.hpp"

extern "C" int __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(mbedtls_rsa_context*,
                                                        int (*)(void*, unsigned char*, size_t),
                                                        void*, int, mbedtls_md_type_t, unsigned int,
                                                        const unsigned char*, unsigned char*);

using mynasim::Bytes;
using mynasim::card::SeededRandom;
using mynasim::card::crypto::fill_from_random;
using mynasim::card::crypto::RsaContext;
using mynasim::fuzz::rsa_private_crt;
using mynasim::fuzz_memo_test::test_key;

namespace {

// A copy of the test key, to spoil.
struct KeyCopy {
  KeyCopy() { REQUIRE(mbedtls_rsa_copy(rsa.get(), test_key()) == 0); }
  RsaContext rsa;
};

Bytes block_of(std::uint8_t first, std::uint8_t fill) {
  Bytes block(256, fill);
  block[0] = first;
  return block;
}

// The card's call: PKCS#1 v1.5 over `digest_info` as it is, through the memo's wrapper.
int sign(mbedtls_rsa_context* rsa, const Bytes& digest_info, Bytes& signature) {
  SeededRandom card(1);
  signature.assign(256, 0);
  return mbedtls_rsa_rsassa_pkcs1_v15_sign(
      rsa, fill_from_random, &card, MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_NONE,
      static_cast<unsigned>(digest_info.size()), digest_info.data(), signature.data());
}

// mbedTLS's own answer to the same call.
int sign_directly(mbedtls_rsa_context* rsa, const Bytes& digest_info, Bytes& signature) {
  signature.assign(256, 0);
  return __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(
      rsa, nullptr, nullptr, MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_NONE,
      static_cast<unsigned>(digest_info.size()), digest_info.data(), signature.data());
}

}  // namespace

TEST_CASE("rsa_private_crt computes mbedtls_rsa_private's number", "[fuzz][memo]") {
  mbedtls_rsa_context* rsa = test_key();
  // Small numbers (below both primes), a v1.5 block, and the largest input below N.
  std::vector<Bytes> inputs = {block_of(0x00, 0x00), block_of(0x00, 0x01), block_of(0x00, 0x5A)};
  inputs[0].back() = 2;
  inputs.push_back(block_of(0x00, 0xFF));
  inputs.back()[1] = 0x01;
  Bytes largest(256);
  REQUIRE(mbedtls_mpi_write_binary(&rsa->N, largest.data(), largest.size()) == 0);
  largest.back() -= 1;  // N is odd
  inputs.push_back(largest);
  for (const Bytes& input : inputs) {
    INFO("input starts " << int(input[0]) << " " << int(input[1]) << ", ends "
                         << int(input.back()));
    Bytes expected(256);
    REQUIRE(mbedtls_rsa_private(rsa, nullptr, nullptr, input.data(), expected.data()) == 0);
    Bytes computed(256);
    REQUIRE(rsa_private_crt(*rsa, input.data(), computed.data()));
    CHECK(computed == expected);
  }
}

TEST_CASE("rsa_private_crt refuses what mbedtls_rsa_private refuses before computing",
          "[fuzz][memo]") {
  Bytes output(256);
  SECTION("an input not below N") {
    mbedtls_rsa_context* rsa = test_key();
    Bytes n(256);
    REQUIRE(mbedtls_mpi_write_binary(&rsa->N, n.data(), n.size()) == 0);
    CHECK(mbedtls_rsa_private(rsa, nullptr, nullptr, n.data(), output.data()) != 0);
    CHECK_FALSE(rsa_private_crt(*rsa, n.data(), output.data()));
  }
  SECTION("a context without QP") {
    KeyCopy copy;
    REQUIRE(mbedtls_mpi_lset(&copy.rsa.get()->QP, 0) == 0);
    const Bytes input = block_of(0x00, 0x33);
    CHECK(mbedtls_rsa_private(copy.rsa.get(), nullptr, nullptr, input.data(), output.data()) ==
          MBEDTLS_ERR_RSA_BAD_INPUT_DATA);
    CHECK_FALSE(rsa_private_crt(*copy.rsa.get(), input.data(), output.data()));
  }
  SECTION("an even P") {
    KeyCopy copy;
    REQUIRE(mbedtls_mpi_sub_int(&copy.rsa.get()->P, &copy.rsa.get()->P, 1) == 0);
    const Bytes input = block_of(0x00, 0x34);
    CHECK(mbedtls_rsa_private(copy.rsa.get(), nullptr, nullptr, input.data(), output.data()) ==
          MBEDTLS_ERR_RSA_BAD_INPUT_DATA);
    CHECK_FALSE(rsa_private_crt(*copy.rsa.get(), input.data(), output.data()));
  }
}

TEST_CASE("a v1.5 signature made with rsa_private_crt is mbedTLS's, and so is every refusal",
          "[fuzz][memo]") {
  // Each case signs bytes no other test signs: the memo must not answer from an earlier call.
  Bytes expected;
  Bytes signature;
  SECTION("a good key") {
    const Bytes digest_info(83, 0x71);
    REQUIRE(sign_directly(test_key(), digest_info, expected) == 0);
    REQUIRE(sign(test_key(), digest_info, signature) == 0);
    CHECK(signature == expected);
  }
  SECTION("the longest bytes the padding leaves room for, and one more") {
    const Bytes longest(245, 0x72);
    REQUIRE(sign_directly(test_key(), longest, expected) == 0);
    REQUIRE(sign(test_key(), longest, signature) == 0);
    CHECK(signature == expected);
    const Bytes too_long(246, 0x72);
    CHECK(sign(test_key(), too_long, signature) == MBEDTLS_ERR_RSA_BAD_INPUT_DATA);
    CHECK(sign_directly(test_key(), too_long, expected) == MBEDTLS_ERR_RSA_BAD_INPUT_DATA);
  }
  SECTION("a DP that disagrees with the key (mbedTLS's check after the private operation fails)") {
    KeyCopy copy;
    REQUIRE(mbedtls_mpi_add_int(&copy.rsa.get()->DP, &copy.rsa.get()->DP, 2) == 0);
    const Bytes digest_info(51, 0x73);
    const int direct = sign_directly(copy.rsa.get(), digest_info, expected);
    CHECK(direct == MBEDTLS_ERR_RSA_VERIFY_FAILED);
    CHECK(sign(copy.rsa.get(), digest_info, signature) == direct);
  }
  SECTION("a context set to pad PSS") {
    KeyCopy copy;
    mbedtls_rsa_set_padding(copy.rsa.get(), MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
    const Bytes digest_info(51, 0x74);
    CHECK(sign(copy.rsa.get(), digest_info, signature) == MBEDTLS_ERR_RSA_BAD_INPUT_DATA);
    CHECK(sign_directly(copy.rsa.get(), digest_info, expected) == MBEDTLS_ERR_RSA_BAD_INPUT_DATA);
  }
}
