// The cryptography of the card-info records, on OpenSSL 3: RSA public keys in the card's
// `90 e 91 n` form, SHA-256, DigestInfo of any digest length, and PKCS#1 v1.5 signatures made
// and checked by the issuer (the card's own keys never come here).
#pragma once

#include "pki/openssl_util.hpp"

namespace mynasim::pki::card_info {

// An RSA public key as numbers: big-endian, no leading zero bytes required.
struct RsaPublicNumbers {
  Bytes modulus;
  Bytes exponent;
};

RsaPublicNumbers public_numbers_of(const EVP_PKEY* key);
EvpPkeyPtr public_key_from_numbers(const RsaPublicNumbers& numbers);

// `90 <len> e 91 82 01 00 n`: the exponent as given, the modulus padded to 256 bytes. 265 bytes
// for an RSA-2048 key with exponent 65537 (the CV certificate body and DF12/DF24/DF42/DF51).
// Throws PkiError for a modulus longer than 256 bytes or an empty one.
Bytes encode_card_public_key(const RsaPublicNumbers& numbers);

Bytes sha256(ByteView data);
// DER DigestInfo { sha256, OCTET STRING digest } for a digest of any length (the card face
// signature puts three SHA-256 values, 96 bytes, in one).
Bytes sha256_digest_info(ByteView digest);

// RSASSA-PKCS1-v1_5 over DigestInfo(SHA-256(data)).
Bytes sign_sha256(EVP_PKEY* key, ByteView data);
// RSASSA-PKCS1-v1_5 over `digest_info` exactly as given (type-1 padding, no hashing).
Bytes sign_digest_info(EVP_PKEY* key, ByteView digest_info);

// Whether `signature` is PKCS#1 v1.5 over exactly `digest_info` under `key`.
bool verify_digest_info(EVP_PKEY* key, ByteView digest_info, ByteView signature);
inline bool verify_sha256(EVP_PKEY* key, ByteView data, ByteView signature) {
  return verify_digest_info(key, sha256_digest_info(sha256(data)), signature);
}

}  // namespace mynasim::pki::card_info
