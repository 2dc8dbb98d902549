// recover_pkcs1_v15 against blocks made with a key from OpenSSL, so that every way a type-1
// block can be wrong is reachable (our own signer only ever makes correct ones).
#include <openssl/bn.h>
#include <openssl/core_names.h>

#include <catch2/catch.hpp>

#include "card/crypto/rsa_key.hpp"
#include "crypto/crypto_support.hpp"

namespace mynasim::card::crypto {
namespace {

constexpr std::size_t kSize = 256;

const test::Pkey& openssl_key() {
  static const test::Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
  REQUIRE(key);
  return key;
}

RsaPublicKey openssl_public_key() {
  RsaPublicKey pub;
  for (auto [name, out] : {std::pair{OSSL_PKEY_PARAM_RSA_N, &pub.modulus},
                           std::pair{OSSL_PKEY_PARAM_RSA_E, &pub.exponent}}) {
    BIGNUM* bn = nullptr;
    REQUIRE(EVP_PKEY_get_bn_param(openssl_key().get(), name, &bn) == 1);
    out->resize(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, out->data());
    BN_free(bn);
  }
  return pub;
}

// The raw private operation on a block we lay out ourselves.
Bytes raw_sign(const Bytes& block) {
  REQUIRE(block.size() == kSize);
  test::PkeyCtx ctx(EVP_PKEY_CTX_new(openssl_key().get(), nullptr));
  REQUIRE(EVP_PKEY_sign_init(ctx.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) == 1);
  Bytes out(kSize);
  std::size_t size = out.size();
  REQUIRE(EVP_PKEY_sign(ctx.get(), out.data(), &size, block.data(), block.size()) == 1);
  REQUIRE(size == kSize);
  return out;
}

// 00 01 FF.. 00 payload, then one byte changed by the caller to break it.
Bytes type1_block(const Bytes& payload) {
  Bytes block(kSize, 0xFF);
  block[0] = 0x00;
  block[1] = 0x01;
  block[kSize - payload.size() - 1] = 0x00;
  std::copy(payload.begin(), payload.end(),
            block.end() - static_cast<std::ptrdiff_t>(payload.size()));
  return block;
}

const Bytes kPayload = test::sha256_digest_info(Bytes{'x'});

TEST_CASE("recover_pkcs1_v15 returns the payload of a well-formed block") {
  CHECK(recover_pkcs1_v15(openssl_public_key(), raw_sign(type1_block(kPayload))) == kPayload);
  const Bytes longest(kSize - 11, 0xA5);  // exactly eight FF
  CHECK(recover_pkcs1_v15(openssl_public_key(), raw_sign(type1_block(longest))) == longest);
}

TEST_CASE("recover_pkcs1_v15 rejects blocks that are not type 1") {
  const RsaPublicKey pub = openssl_public_key();
  Bytes block = type1_block(kPayload);

  SECTION("block type 2") {
    block[1] = 0x02;
  }
  SECTION("leading byte not zero") {
    block[0] = 0x01;
  }
  SECTION("a padding byte that is not FF") {
    block[10] = 0xFE;
  }
  SECTION("no zero after the padding") {
    block = Bytes(kSize, 0xFF), block[0] = 0, block[1] = 1;
  }
  SECTION("fewer than eight FF") {
    block = type1_block(Bytes(kSize - 10, 0xA5));
  }
  SECTION("a zero right after 00 01") {
    block[2] = 0x00;
  }

  CHECK_FALSE(recover_pkcs1_v15(pub, raw_sign(block)).has_value());
}

TEST_CASE("recover_pkcs1_v15 checks the card's own signature") {
  const RsaPublicKey pub = test::card_key().public_key();
  SeededRandom random(2);
  const auto signature = test::card_key().sign_pkcs1_v15(kPayload, random);
  REQUIRE(signature.has_value());
  CHECK(recover_pkcs1_v15(pub, *signature) == kPayload);

  Bytes flipped = *signature;
  flipped[100] ^= 0x01;
  CHECK_FALSE(recover_pkcs1_v15(pub, flipped).has_value());
  CHECK_FALSE(recover_pkcs1_v15(pub, ByteView(*signature).first(255)).has_value());
  Bytes longer = *signature;
  longer.insert(longer.begin(), 0x00);
  CHECK_FALSE(recover_pkcs1_v15(pub, longer).has_value());
  CHECK_FALSE(recover_pkcs1_v15(pub, pub.modulus).has_value());  // not below the modulus
  CHECK_FALSE(recover_pkcs1_v15(openssl_public_key(), *signature).has_value());  // other key
  CHECK_FALSE(recover_pkcs1_v15(RsaPublicKey{}, *signature).has_value());
}

}  // namespace
}  // namespace mynasim::card::crypto
