// RSASSA-PKCS1-v1_5 over a DigestInfo given as is (type-1 padding, no hashing here): how the
// issuer signs the card-info records and the office its proof, and how the host checks what a
// card signed.
#pragma once

#include <optional>

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::hostcrypto {

// Throws CryptoError when OpenSSL refuses (not an RSA private key, DigestInfo too long).
Bytes sign_digest_info(EVP_PKEY* key, ByteView digest_info);
// RSASSA-PKCS1-v1_5 over DigestInfo(SHA-256(data)).
Bytes sign_sha256(EVP_PKEY* key, ByteView data);

// Whether `signature` is PKCS#1 v1.5 over exactly `digest_info` under `key`.
bool verify_digest_info(EVP_PKEY* key, ByteView digest_info, ByteView signature);
bool verify_sha256(EVP_PKEY* key, ByteView data, ByteView signature);

// What the signature opens to under `key` (the payload inside the type-1 padding); nullopt when
// it does not open (wrong key, wrong length, not PKCS#1 v1.5). For checks that say why.
std::optional<Bytes> open_pkcs1_signature(EVP_PKEY* key, ByteView signature);

}  // namespace mynasim::hostcrypto
