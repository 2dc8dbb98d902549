#include "hostcrypto/pkcs1.hpp"

#include <openssl/err.h>
#include <openssl/rsa.h>

#include "hostcrypto/digest_info.hpp"
#include "hostcrypto/errors.hpp"

namespace mynasim::hostcrypto {

Bytes sign_digest_info(EVP_PKEY* key, ByteView digest_info) {
  EvpPkeyCtxPtr ctx(check(EVP_PKEY_CTX_new(key, nullptr), "signing context"));
  check(EVP_PKEY_sign_init(ctx.get()), "EVP_PKEY_sign_init");
  check(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING), "PKCS#1 v1.5 padding");
  std::size_t length = 0;
  check(EVP_PKEY_sign(ctx.get(), nullptr, &length, digest_info.data(), digest_info.size()),
        "signature length");
  Bytes signature(length);
  check(EVP_PKEY_sign(ctx.get(), signature.data(), &length, digest_info.data(), digest_info.size()),
        "PKCS#1 v1.5 signature");
  signature.resize(length);
  return signature;
}

Bytes sign_sha256(EVP_PKEY* key, ByteView data) {
  return sign_digest_info(key, sha256_digest_info_of(data));
}

bool verify_digest_info(EVP_PKEY* key, ByteView digest_info, ByteView signature) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
  const bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) > 0 &&
                  EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) > 0 &&
                  EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), digest_info.data(),
                                  digest_info.size()) == 1;
  ERR_clear_error();
  return ok;
}

bool verify_sha256(EVP_PKEY* key, ByteView data, ByteView signature) {
  return verify_digest_info(key, sha256_digest_info_of(data), signature);
}

std::optional<Bytes> open_pkcs1_signature(EVP_PKEY* key, ByteView signature) {
  const int size = EVP_PKEY_get_size(key);
  if (size <= 0 || signature.size() != static_cast<std::size_t>(size)) return std::nullopt;
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
  Bytes recovered(static_cast<std::size_t>(size));
  std::size_t length = recovered.size();
  if (!ctx || EVP_PKEY_verify_recover_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_verify_recover(ctx.get(), recovered.data(), &length, signature.data(),
                              signature.size()) <= 0) {
    ERR_clear_error();
    return std::nullopt;
  }
  recovered.resize(length);
  return recovered;
}

}  // namespace mynasim::hostcrypto
