// tests/fuzz/rsa_sign_memo.cpp, linked here as in fuzz_card (the same --wrap of mbedTLS's
// functions): what the card gets from a remembered signature is the very bytes mbedTLS computes,
// and the card's generator gives the same bytes afterwards whether the memo answered or mbedTLS
// did (only a PSS salt is drawn from it, as mbedTLS draws it). The __real_ functions are
// mbedTLS's own, called directly.
#include <catch2/catch.hpp>

#include <mbedtls/rsa.h>

#include <array>
#include <cstdint>
#include <vector>

#include "card/crypto/mbedtls_rsa.hpp"
#include "card/env.hpp"
#include "fuzz_memo/test_key.hpp"

extern "C" {
int __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(mbedtls_rsa_context*,
                                             int (*)(void*, unsigned char*, size_t), void*, int,
                                             mbedtls_md_type_t, unsigned int, const unsigned char*,
                                             unsigned char*);
int __real_mbedtls_rsa_rsassa_pss_sign_ext(mbedtls_rsa_context*,
                                           int (*)(void*, unsigned char*, size_t), void*,
                                           mbedtls_md_type_t, unsigned int, const unsigned char*,
                                           int, unsigned char*);
}

using mynasim::Bytes;
using mynasim::card::SeededRandom;
using mynasim::card::crypto::fill_from_random;
using mynasim::fuzz_memo_test::test_key;

namespace {

// A generator that counts what it hands out.
struct CountingRandom final : mynasim::card::Random {
  explicit CountingRandom(std::uint64_t seed) : inner(seed) {}
  void fill(std::span<std::uint8_t> out) override {
    inner.fill(out);
    drawn += out.size();
  }
  SeededRandom inner;
  std::size_t drawn = 0;
};

// The next `n` bytes of a generator.
Bytes next_bytes(mynasim::card::Random& random, std::size_t n) {
  Bytes out(n);
  random.fill(out);
  return out;
}

Bytes skipped(std::uint64_t seed, std::size_t skip, std::size_t n) {
  SeededRandom random(seed);
  next_bytes(random, skip);
  return next_bytes(random, n);
}

}  // namespace

TEST_CASE("a PKCS#1 v1.5 signature from the memo is mbedTLS's, and draws nothing", "[fuzz][memo]") {
  mbedtls_rsa_context* rsa = test_key();
  mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
  for (std::uint8_t fill : {0x11, 0x22}) {
    const Bytes digest_info(51, fill);
    Bytes expected(256);
    SeededRandom blinding(1);
    REQUIRE(__real_mbedtls_rsa_rsassa_pkcs1_v15_sign(rsa, fill_from_random, &blinding,
                                                     MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_NONE,
                                                     static_cast<unsigned>(digest_info.size()),
                                                     digest_info.data(), expected.data()) == 0);
    for (int pass = 0; pass < 2; ++pass) {  // computed, then remembered
      INFO("pass " << pass);
      CountingRandom card(7);
      Bytes signature(256);
      REQUIRE(mbedtls_rsa_rsassa_pkcs1_v15_sign(rsa, fill_from_random, &card, MBEDTLS_RSA_PRIVATE,
                                                MBEDTLS_MD_NONE,
                                                static_cast<unsigned>(digest_info.size()),
                                                digest_info.data(), signature.data()) == 0);
      CHECK(signature == expected);
      CHECK(card.drawn == 0);
    }
  }
}

TEST_CASE("a PSS signature from the memo is mbedTLS's with the salt it draws", "[fuzz][memo]") {
  mbedtls_rsa_context* rsa = test_key();
  mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
  const std::array<std::uint8_t, 32> hash{1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<Bytes> signatures;
  for (std::uint64_t seed : {9, 10}) {
    // mbedTLS with the card's generator (salt first, then blinding, from the same stream).
    Bytes expected(256);
    SeededRandom direct(seed);
    REQUIRE(__real_mbedtls_rsa_rsassa_pss_sign_ext(rsa, fill_from_random, &direct,
                                                   MBEDTLS_MD_SHA256, 32, hash.data(), 32,
                                                   expected.data()) == 0);
    for (int pass = 0; pass < 2; ++pass) {  // computed, then remembered
      INFO("seed " << seed << " pass " << pass);
      CountingRandom card(seed);
      Bytes signature(256);
      REQUIRE(mbedtls_rsa_rsassa_pss_sign_ext(rsa, fill_from_random, &card, MBEDTLS_MD_SHA256, 32,
                                              hash.data(), 32, signature.data()) == 0);
      CHECK(signature == expected);
      // Only the salt was drawn: the card's next bytes are the same hit or miss.
      CHECK(card.drawn == 32);
      CHECK(next_bytes(card, 16) == skipped(seed, 32, 16));
      CHECK(mbedtls_rsa_rsassa_pss_verify_ext(rsa, nullptr, nullptr, MBEDTLS_RSA_PUBLIC,
                                              MBEDTLS_MD_SHA256, 32, hash.data(), MBEDTLS_MD_SHA256,
                                              32, signature.data()) == 0);
    }
    signatures.push_back(expected);
  }
  CHECK(signatures[0] != signatures[1]);  // another salt, another signature
  mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
}

TEST_CASE("an OAEP decryption through the memo's wrapper draws nothing from the card",
          "[fuzz][memo]") {
  mbedtls_rsa_context* rsa = test_key();
  mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
  const Bytes message{'k', 'e', 'y'};
  Bytes ciphertext(256);
  SeededRandom encrypting(3);
  REQUIRE(mbedtls_rsa_rsaes_oaep_encrypt(rsa, fill_from_random, &encrypting, MBEDTLS_RSA_PUBLIC,
                                         nullptr, 0, message.size(), message.data(),
                                         ciphertext.data()) == 0);
  CountingRandom card(5);
  Bytes plaintext(256);
  std::size_t length = 0;
  REQUIRE(mbedtls_rsa_rsaes_oaep_decrypt(rsa, fill_from_random, &card, MBEDTLS_RSA_PRIVATE, nullptr,
                                         0, &length, ciphertext.data(), plaintext.data(),
                                         plaintext.size()) == 0);
  plaintext.resize(length);
  CHECK(plaintext == message);
  CHECK(card.drawn == 0);
  mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
}
