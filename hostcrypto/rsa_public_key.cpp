#include "hostcrypto/rsa_public_key.hpp"

#include <openssl/core_names.h>

#include "hostcrypto/errors.hpp"

namespace mynasim::hostcrypto {
namespace {

Bytes bytes_of(const BIGNUM* bn) {
  Bytes out(static_cast<std::size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, out.data());
  return out;
}

BignumPtr bignum_of(const Bytes& bytes) {
  return BignumPtr(
      check(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr), "BN_bin2bn"));
}

Bytes number_param(const EVP_PKEY* key, const char* name, std::string_view what) {
  BIGNUM* value = nullptr;
  check(EVP_PKEY_get_bn_param(key, name, &value), what);
  BignumPtr owner(value);
  return bytes_of(value);
}

}  // namespace

std::size_t RsaPublicKey::bits() const {
  std::size_t first = 0;
  while (first < modulus.size() && modulus[first] == 0) ++first;
  if (first == modulus.size()) return 0;
  std::size_t top = 0;
  for (std::uint8_t v = modulus[first]; v; v >>= 1) ++top;
  return (modulus.size() - first - 1) * 8 + top;
}

RsaPublicKey rsa_public_key_of(const EVP_PKEY* key) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) throw CryptoError("not an RSA key");
  return {number_param(key, OSSL_PKEY_PARAM_RSA_N, "RSA modulus"),
          number_param(key, OSSL_PKEY_PARAM_RSA_E, "RSA exponent")};
}

EvpPkeyPtr evp_public_key(const RsaPublicKey& key) {
  if (key.modulus.empty() || key.exponent.empty())
    throw CryptoError("RSA public key: no modulus or no exponent");
  BignumPtr n = bignum_of(key.modulus);
  BignumPtr e = bignum_of(key.exponent);
  ParamBuildPtr build(check(OSSL_PARAM_BLD_new(), "OSSL_PARAM_BLD_new"));
  check(OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()), "RSA modulus");
  check(OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()), "RSA exponent");
  ParamPtr params(check(OSSL_PARAM_BLD_to_param(build.get()), "OSSL_PARAM_BLD_to_param"));
  EvpPkeyCtxPtr ctx(check(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), "RSA context"));
  check(EVP_PKEY_fromdata_init(ctx.get()), "EVP_PKEY_fromdata_init");
  EVP_PKEY* out = nullptr;
  check(EVP_PKEY_fromdata(ctx.get(), &out, EVP_PKEY_PUBLIC_KEY, params.get()), "RSA public key");
  return EvpPkeyPtr(out);
}

EvpPkeyPtr generate_rsa_key(unsigned bits) {
  return EvpPkeyPtr(check(EVP_RSA_gen(bits), "RSA key generation"));
}

}  // namespace mynasim::hostcrypto
