// An RSA public key as its numbers (what a card stores and a CV certificate carries), and the
// way between those numbers and an OpenSSL key. The host's one type for an RSA public key.
#pragma once

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::hostcrypto {

// Big-endian modulus n and public exponent e; leading zero bytes allowed.
struct RsaPublicKey {
  Bytes modulus;
  Bytes exponent;
  std::size_t bits() const;  // of the modulus, leading zeros not counted
  friend bool operator==(const RsaPublicKey&, const RsaPublicKey&) = default;
};

// The numbers of an RSA key (public or private); throws CryptoError for another kind of key.
RsaPublicKey rsa_public_key_of(const EVP_PKEY* key);
// An OpenSSL public key from (n, e); throws CryptoError when the numbers are not one.
EvpPkeyPtr evp_public_key(const RsaPublicKey& key);

EvpPkeyPtr generate_rsa_key(unsigned bits = 2048);

}  // namespace mynasim::hostcrypto
