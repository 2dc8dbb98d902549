// Internal to card/crypto: RAII owners of mbedTLS objects, shared by the key, its sealed
// form and the public-key operations. Not part of the card's API.
#pragma once

#include <cstddef>
#include <cstdint>

#include <mbedtls/bignum.h>
#include <mbedtls/rsa.h>

#include "card/crypto/rsa_key.hpp"
#include "card/env.hpp"

namespace mynasim::card::crypto {

// Owns one mbedTLS object: Init on construction, Free on every exit path. mbedTLS's free
// functions zeroize what they release, so private values never outlive their use.
template <typename T, void (*Init)(T*), void (*Free)(T*)>
class Owned {
 public:
  Owned() { Init(&value_); }
  ~Owned() { Free(&value_); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;

  T* get() { return &value_; }
  const T* get() const { return &value_; }

 private:
  T value_;
};

// The card only signs with PKCS#1 v1.5, over bytes it is given (no hash of its own).
inline void init_rsa_pkcs1_v15(mbedtls_rsa_context* rsa) {
  mbedtls_rsa_init(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
}

using Mpi = Owned<mbedtls_mpi, mbedtls_mpi_init, mbedtls_mpi_free>;
using RsaContext = Owned<mbedtls_rsa_context, init_rsa_pkcs1_v15, mbedtls_rsa_free>;

struct RsaPrivateKey::Impl {
  // Mutable through const RsaPrivateKey methods: mbedTLS updates its blinding values (Vi, Vf)
  // on every private operation, which does not change the key.
  RsaContext rsa;
  bool blinded = false;  // a private operation ran on `rsa`: it holds blinding values
};

// mbedTLS takes randomness as a callback; this one routes it to the card's injected Random.
inline int fill_from_random(void* random, unsigned char* out, std::size_t size) {
  static_cast<Random*>(random)->fill({out, size});
  return 0;
}

// Loads N and E into an empty context and checks them; false if mbedTLS rejects them.
bool import_public(mbedtls_rsa_context* rsa, const RsaPublicKey& key);

}  // namespace mynasim::card::crypto
