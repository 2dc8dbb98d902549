// RSA-2048 keys of the card, on mbedTLS. A private key is born inside the card (generate) and
// leaves an RsaPrivateKey only as sealed bytes for the card's own storage (seal/unseal take a
// StorageAccess token that only the card runtime can make): no API returns it to a caller.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "card/env.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::card {
class CardStorageKeys;  // the one class that may seal/unseal (card/runtime)
}

namespace mynasim::card::crypto {

class StorageAccess {
 private:
  StorageAccess() = default;
  friend class mynasim::card::CardStorageKeys;
  friend struct StorageAccessForTests;  // defined only in tests/unit
};

struct RsaPublicKey {
  Bytes modulus;   // big-endian, no leading zero, 256 bytes for RSA-2048
  Bytes exponent;  // big-endian, usually 01 00 01

  // SubjectPublicKeyInfo DER (rsaEncryption), what a CA needs to certify the key. Empty if the
  // modulus and exponent do not form a valid RSA public key.
  Bytes to_spki_der() const;
};

// A moved-from key may only be destroyed or assigned to.
class RsaPrivateKey {
 public:
  ~RsaPrivateKey();
  RsaPrivateKey(RsaPrivateKey&&) noexcept;
  RsaPrivateKey& operator=(RsaPrivateKey&&) noexcept;
  RsaPrivateKey(const RsaPrivateKey&) = delete;
  RsaPrivateKey& operator=(const RsaPrivateKey&) = delete;

  // Generates a key pair with public exponent 65537; nullopt if mbedTLS fails.
  static std::optional<RsaPrivateKey> generate(Random& random, unsigned bits = 2048);

  RsaPublicKey public_key() const;
  std::size_t modulus_size() const;  // bytes (256)

  // RSASSA-PKCS1-v1_5 signature over `digest_info` as given (the card pads it, type 1). The
  // input must leave room for the padding: at most modulus_size() - 11 bytes; nullopt otherwise.
  std::optional<Bytes> sign_pkcs1_v15(ByteView digest_info, Random& random) const;
  // RSASSA-PSS over a 32-byte SHA-256 hash: MGF1 with SHA-256, a random 32-byte salt (the
  // parameters myna-card verifies the card's P1 04/05 signatures with). nullopt otherwise.
  std::optional<Bytes> sign_pss_sha256(ByteView hash, Random& random) const;

  // RSAES-OAEP with SHA-256 (hash and MGF1) and an empty label: secure messaging's key
  // delivery (text EF 0006's key). kAboveModulus for a ciphertext that is not below the modulus,
  // kBadPadding when it is not modulus_size() bytes or the OAEP block does not decode.
  enum class DecryptError : std::uint8_t { kNone, kAboveModulus, kBadPadding };
  struct Decrypted {
    Bytes plaintext;  // the caller wipes it (a session key)
    DecryptError error = DecryptError::kNone;
  };
  Decrypted decrypt_oaep_sha256(ByteView ciphertext, Random& random) const;

  // Card-internal persistence. The sealed form holds the private key: it may only go to the
  // card's own storage, and the caller wipes its buffer once written. unseal returns nullopt
  // for bytes that are not a sealed key whose parts agree with each other.
  Bytes seal(const StorageAccess&) const;
  static std::optional<RsaPrivateKey> unseal(const StorageAccess&, ByteView sealed);
  // Makes this key a copy of `key` as it is now, mbedTLS's blinding values included (they change
  // with every private operation and decide how many random bytes the next one draws): a card put
  // back to the keys it had at load (Card::restore). false if mbedTLS cannot allocate the copy:
  // this key may then be unusable.
  bool copy_from(const StorageAccess&, const RsaPrivateKey& key);

 private:
  struct Impl;
  explicit RsaPrivateKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Verifies an RSASSA-PKCS1-v1_5 signature and returns the DigestInfo it carries (card-side
// helper for self-tests; hosts verify with OpenSSL).
std::optional<Bytes> recover_pkcs1_v15(const RsaPublicKey& key, ByteView signature);

}  // namespace mynasim::card::crypto
