#include "card/crypto/aes128.hpp"

#include <cstdlib>

#include <mbedtls/aes.h>

#include "card/crypto/mbedtls_rsa.hpp"

namespace mynasim::card::crypto {
namespace {

using AesContext = Owned<mbedtls_aes_context, mbedtls_aes_init, mbedtls_aes_free>;

constexpr unsigned kKeyBits = 128;

std::optional<Bytes> cbc(int mode, const Aes128Key& key, const AesBlock& iv, ByteView data) {
  if (data.empty() || data.size() % 16 != 0) return std::nullopt;
  AesContext aes;
  const int set = mode == MBEDTLS_AES_ENCRYPT
                      ? mbedtls_aes_setkey_enc(aes.get(), key.data(), kKeyBits)
                      : mbedtls_aes_setkey_dec(aes.get(), key.data(), kKeyBits);
  if (set != 0) return std::nullopt;
  AesBlock chain = iv;  // mbedTLS advances the IV in place
  Bytes out(data.size());
  if (mbedtls_aes_crypt_cbc(aes.get(), mode, data.size(), chain.data(), data.data(), out.data()) !=
      0)
    return std::nullopt;
  return out;
}

}  // namespace

AesBlock aes128_encrypt_block(const Aes128Key& key, const AesBlock& block) {
  AesContext aes;
  AesBlock out{};
  // A 128-bit key and one whole block: mbedTLS's software AES cannot fail on these. A wrong IV
  // would silently break every message, so a failure stops the card.
  if (mbedtls_aes_setkey_enc(aes.get(), key.data(), kKeyBits) != 0 ||
      mbedtls_aes_crypt_ecb(aes.get(), MBEDTLS_AES_ENCRYPT, block.data(), out.data()) != 0)
    std::abort();
  return out;
}

std::optional<Bytes> aes128_cbc_encrypt(const Aes128Key& key, const AesBlock& iv, ByteView data) {
  return cbc(MBEDTLS_AES_ENCRYPT, key, iv, data);
}

std::optional<Bytes> aes128_cbc_decrypt(const Aes128Key& key, const AesBlock& iv, ByteView data) {
  return cbc(MBEDTLS_AES_DECRYPT, key, iv, data);
}

}  // namespace mynasim::card::crypto
