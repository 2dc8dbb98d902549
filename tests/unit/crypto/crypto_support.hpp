// Shared by the crypto tests: the one RSA-2048 key of this test program (generation takes
// seconds), the StorageAccess door for tests, and OpenSSL as the independent checker.
#pragma once

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <array>
#include <cstdint>
#include <memory>
#include <utility>

#include <catch2/catch.hpp>

#include "card/crypto/digest.hpp"
#include "card/crypto/rsa_key.hpp"
#include "card/env.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::card::crypto {

struct StorageAccessForTests {
  static StorageAccess make() { return {}; }
};

namespace test {

constexpr std::uint64_t kKeySeed = 0x4D594E41;  // "MYNA"

// Function-local static in an inline function: one key for the whole program, every file.
inline const RsaPrivateKey& card_key() {
  static const RsaPrivateKey key = [] {
    SeededRandom random(kKeySeed);
    auto generated = RsaPrivateKey::generate(random, 2048);
    REQUIRE(generated.has_value());
    return std::move(*generated);
  }();
  return key;
}

inline Bytes openssl_sha256(ByteView data) {
  Bytes out(SHA256_DIGEST_LENGTH);
  SHA256(data.data(), data.size(), out.data());
  return out;
}

inline Bytes sha256_digest_info(ByteView message) {
  Bytes info(sha256_digest_info_prefix().begin(), sha256_digest_info_prefix().end());
  const auto hash = sha256(message);
  info.insert(info.end(), hash.begin(), hash.end());
  return info;
}

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;

// Parses SubjectPublicKeyInfo DER the way a CA would; null if OpenSSL refuses it.
inline Pkey pkey_from_spki(const Bytes& der) {
  const unsigned char* p = der.data();
  Pkey key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (key && p != der.data() + der.size()) return nullptr;  // trailing bytes
  return key;
}

// OpenSSL's RSA public operation with PKCS#1 type-1 unpadding; empty if it rejects the signature.
inline Bytes openssl_verify_recover(EVP_PKEY* key, const Bytes& signature) {
  PkeyCtx ctx(EVP_PKEY_CTX_new(key, nullptr));
  REQUIRE(ctx);
  REQUIRE(EVP_PKEY_verify_recover_init(ctx.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1);
  Bytes out(static_cast<std::size_t>(EVP_PKEY_get_size(key)));
  std::size_t size = out.size();
  if (EVP_PKEY_verify_recover(ctx.get(), out.data(), &size, signature.data(), signature.size()) !=
      1) {
    return {};
  }
  out.resize(size);
  return out;
}

}  // namespace test
}  // namespace mynasim::card::crypto
