#include "tools/mynaportal/software_key.hpp"

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"

namespace mynasim::portal {

Bytes spki_der(EVP_PKEY* key) {
  return hostcrypto::der_of(key);
}

Bytes sign_rs256(EVP_PKEY* key, ByteView message) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t size = 512;
  Bytes signature(size);
  const bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                  EVP_DigestSign(ctx, signature.data(), &size, message.data(), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) hostcrypto::throw_openssl("EVP_DigestSign");
  signature.resize(size);
  return signature;
}

}  // namespace mynasim::portal
