// Operations with an RSA public key: its SubjectPublicKeyInfo and PKCS#1 v1.5 verification.
#include <mbedtls/pk.h>

#include "card/crypto/mbedtls_rsa.hpp"
#include "card/crypto/rsa_key.hpp"

namespace mynasim::card::crypto {
namespace {

// Type-1 padding needs at least eight FF bytes (RFC 8017 §9.2 step 3).
constexpr std::size_t kMinPaddingFf = 8;
// SubjectPublicKeyInfo around the two integers: outer SEQUENCE, AlgorithmIdentifier (15 bytes),
// BIT STRING, RSAPublicKey SEQUENCE and two INTEGER headers with sign bytes. 64 leaves margin.
constexpr std::size_t kSpkiOverhead = 64;

using PkContext = Owned<mbedtls_pk_context, mbedtls_pk_init, mbedtls_pk_free>;

}  // namespace

bool import_public(mbedtls_rsa_context* rsa, const RsaPublicKey& key) {
  return mbedtls_rsa_import_raw(rsa, key.modulus.data(), key.modulus.size(), nullptr, 0, nullptr, 0,
                                nullptr, 0, key.exponent.data(), key.exponent.size()) == 0 &&
         mbedtls_rsa_complete(rsa) == 0 && mbedtls_rsa_check_pubkey(rsa) == 0;
}

Bytes RsaPublicKey::to_spki_der() const {
  PkContext pk;
  if (mbedtls_pk_setup(pk.get(), mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) != 0 ||
      !import_public(mbedtls_pk_rsa(*pk.get()), *this)) {
    return {};
  }
  Bytes buffer(modulus.size() + exponent.size() + kSpkiOverhead);
  // mbedTLS writes DER backwards from the end of the buffer and returns the length.
  const int written = mbedtls_pk_write_pubkey_der(pk.get(), buffer.data(), buffer.size());
  if (written <= 0) return {};
  return Bytes(buffer.end() - written, buffer.end());
}

std::optional<Bytes> recover_pkcs1_v15(const RsaPublicKey& key, ByteView signature) {
  RsaContext rsa;
  if (!import_public(rsa.get(), key)) return std::nullopt;
  const std::size_t size = mbedtls_rsa_get_len(rsa.get());
  if (signature.size() != size) return std::nullopt;
  Bytes block(size);
  // Rejects a signature that is not below the modulus.
  if (mbedtls_rsa_public(rsa.get(), signature.data(), block.data()) != 0) return std::nullopt;

  // Strict type-1 block: 00 01 FF..FF 00 payload. Everything here is public: no constant time.
  if (block.size() < 2 || block[0] != 0x00 || block[1] != 0x01) return std::nullopt;
  std::size_t at = 2;
  while (at < block.size() && block[at] == 0xFF) ++at;
  if (at == block.size() || block[at] != 0x00 || at - 2 < kMinPaddingFf) return std::nullopt;
  return Bytes(block.begin() + static_cast<std::ptrdiff_t>(at) + 1, block.end());
}

}  // namespace mynasim::card::crypto
