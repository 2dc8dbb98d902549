#include "card/crypto/rsa_key.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>

#include <catch2/catch.hpp>

#include "crypto/crypto_support.hpp"

namespace mynasim::card::crypto {
namespace {

using test::card_key;

const Bytes kF4 = {0x01, 0x00, 0x01};

// Counts what a signature draws, to show that blinding takes the injected Random.
class CountingRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override {
    bytes_drawn += out.size();
    inner_.fill(out);
  }
  std::size_t bytes_drawn = 0;

 private:
  SeededRandom inner_{99};
};

Bytes openssl_bn_param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  REQUIRE(EVP_PKEY_get_bn_param(key, name, &bn) == 1);
  Bytes out(static_cast<std::size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, out.data());
  BN_free(bn);
  return out;
}

TEST_CASE("a generated key is RSA-2048 with exponent 65537") {
  const RsaPublicKey pub = card_key().public_key();
  CHECK(card_key().modulus_size() == 256);
  REQUIRE(pub.modulus.size() == 256);
  CHECK((pub.modulus[0] & 0x80) != 0);
  CHECK((pub.modulus[255] & 0x01) != 0);  // product of two odd primes
  CHECK(pub.exponent == kF4);
}

TEST_CASE("the SubjectPublicKeyInfo is read by OpenSSL as the same key") {
  const RsaPublicKey pub = card_key().public_key();
  const test::Pkey key = test::pkey_from_spki(pub.to_spki_der());
  REQUIRE(key);
  CHECK(EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA);
  CHECK(EVP_PKEY_get_bits(key.get()) == 2048);
  CHECK(openssl_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N) == pub.modulus);
  CHECK(openssl_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_E) == pub.exponent);
}

TEST_CASE("to_spki_der refuses something that is not a public key") {
  CHECK(RsaPublicKey{}.to_spki_der().empty());
  CHECK(RsaPublicKey{Bytes(256, 0xFF), Bytes{0x02}}.to_spki_der().empty());  // even exponent
}

TEST_CASE("a signature over a DigestInfo verifies with OpenSSL") {
  const std::uint8_t message[] = {'m', 'y', 'n', 'a'};
  const Bytes digest_info = test::sha256_digest_info(message);
  SeededRandom random(1);
  const auto signature = card_key().sign_pkcs1_v15(digest_info, random);
  REQUIRE(signature.has_value());
  CHECK(signature->size() == 256);

  const test::Pkey key = test::pkey_from_spki(card_key().public_key().to_spki_der());
  REQUIRE(key);
  CHECK(test::openssl_verify_recover(key.get(), *signature) == digest_info);

  // OpenSSL builds the DigestInfo itself here, which also checks our prefix.
  test::PkeyCtx ctx(EVP_PKEY_CTX_new(key.get(), nullptr));
  REQUIRE(EVP_PKEY_verify_init(ctx.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1);
  REQUIRE(EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1);
  const Bytes hash = test::openssl_sha256(message);
  CHECK(EVP_PKEY_verify(ctx.get(), signature->data(), signature->size(), hash.data(),
                        hash.size()) == 1);
}

TEST_CASE("PKCS#1 v1.5 signatures are deterministic whatever the blinding") {
  const Bytes digest_info = test::sha256_digest_info({});
  SeededRandom first(10);
  SeededRandom second(20);
  const auto a = card_key().sign_pkcs1_v15(digest_info, first);
  const auto b = card_key().sign_pkcs1_v15(digest_info, second);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(*a == *b);
  const auto other = card_key().sign_pkcs1_v15(test::sha256_digest_info(Bytes{0}), first);
  REQUIRE(other.has_value());
  CHECK(*other != *a);
}

TEST_CASE("signing draws its blinding from the injected Random") {
  CountingRandom random;
  REQUIRE(card_key().sign_pkcs1_v15(test::sha256_digest_info({}), random).has_value());
  CHECK(random.bytes_drawn > 0);
}

TEST_CASE("the input may fill the block up to k - 11 bytes") {
  SeededRandom random(3);
  const Bytes longest(245, 0x5A);
  const auto signature = card_key().sign_pkcs1_v15(longest, random);
  REQUIRE(signature.has_value());
  CHECK(recover_pkcs1_v15(card_key().public_key(), *signature) == longest);
  CHECK_FALSE(card_key().sign_pkcs1_v15(Bytes(246, 0x5A), random).has_value());
  CHECK_FALSE(card_key().sign_pkcs1_v15(Bytes(256, 0x5A), random).has_value());
}

TEST_CASE("key generation is deterministic under a seeded Random") {
  // 1024 bits keeps this fast; the property does not depend on the size.
  SeededRandom a(11);
  SeededRandom b(11);
  SeededRandom c(12);
  const auto key_a = RsaPrivateKey::generate(a, 1024);
  const auto key_b = RsaPrivateKey::generate(b, 1024);
  const auto key_c = RsaPrivateKey::generate(c, 1024);
  REQUIRE(key_a.has_value());
  REQUIRE(key_b.has_value());
  REQUIRE(key_c.has_value());
  CHECK(key_a->modulus_size() == 128);
  CHECK(key_a->public_key().modulus == key_b->public_key().modulus);
  CHECK(key_a->public_key().modulus != key_c->public_key().modulus);
}

TEST_CASE("generate refuses sizes mbedTLS cannot make") {
  SeededRandom random(4);
  CHECK_FALSE(RsaPrivateKey::generate(random, 127).has_value());
  CHECK_FALSE(RsaPrivateKey::generate(random, 1025).has_value());
}

TEST_CASE("a key can be moved") {
  SeededRandom random(13);
  auto generated = RsaPrivateKey::generate(random, 1024);
  REQUIRE(generated.has_value());
  const Bytes modulus = generated->public_key().modulus;
  RsaPrivateKey moved = std::move(*generated);
  CHECK(moved.public_key().modulus == modulus);
  auto other = RsaPrivateKey::generate(random, 1024);
  REQUIRE(other.has_value());
  *other = std::move(moved);
  CHECK(other->public_key().modulus == modulus);
}

}  // namespace
}  // namespace mynasim::card::crypto
