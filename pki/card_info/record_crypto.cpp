#include "pki/card_info/record_crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "iso7816/ber_tlv.hpp"

namespace mynasim::pki::card_info {
namespace {

using BnPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslDeleter<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, OpenSslDeleter<OSSL_PARAM_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX_free>>;

constexpr std::size_t kModulusBytes = 256;

Bytes bn_bytes(const BIGNUM* bn) {
  Bytes out(static_cast<std::size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, out.data());
  return out;
}

BnPtr bn_of(const Bytes& bytes) {
  return BnPtr(
      check(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr), "BN_bin2bn"));
}

Bytes strip_leading_zeros(const Bytes& b) {
  std::size_t i = 0;
  while (i < b.size() && b[i] == 0) ++i;
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(i), b.end());
}

}  // namespace

RsaPublicNumbers public_numbers_of(const EVP_PKEY* key) {
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  check(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n), "RSA modulus");
  BnPtr n_owner(n);
  check(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e), "RSA exponent");
  BnPtr e_owner(e);
  return {bn_bytes(n), bn_bytes(e)};
}

EvpPkeyPtr public_key_from_numbers(const RsaPublicNumbers& numbers) {
  BnPtr n = bn_of(numbers.modulus);
  BnPtr e = bn_of(numbers.exponent);
  ParamBldPtr bld(check(OSSL_PARAM_BLD_new(), "OSSL_PARAM_BLD_new"));
  check(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()), "RSA modulus");
  check(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()), "RSA exponent");
  ParamPtr params(check(OSSL_PARAM_BLD_to_param(bld.get()), "OSSL_PARAM_BLD_to_param"));
  PkeyCtxPtr ctx(check(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), "RSA context"));
  check(EVP_PKEY_fromdata_init(ctx.get()), "EVP_PKEY_fromdata_init");
  EVP_PKEY* key = nullptr;
  check(EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()), "RSA public key");
  return EvpPkeyPtr(key);
}

Bytes encode_card_public_key(const RsaPublicNumbers& numbers) {
  const Bytes modulus = strip_leading_zeros(numbers.modulus);
  const Bytes exponent = strip_leading_zeros(numbers.exponent);
  if (modulus.empty() || modulus.size() > kModulusBytes || exponent.empty())
    throw PkiError("card public key: the card keys are RSA-2048 (modulus of " +
                   std::to_string(modulus.size()) + " bytes)");
  Bytes padded(kModulusBytes - modulus.size(), 0);
  append(padded, modulus);
  Bytes out;
  iso7816::write_ber_tlv(out, 0x90, exponent);
  iso7816::write_ber_tlv(out, 0x91, padded);
  return out;
}

Bytes sha256(ByteView data) {
  Bytes out(SHA256_DIGEST_LENGTH);
  SHA256(data.data(), data.size(), out.data());
  return out;
}

Bytes sha256_digest_info(ByteView digest) {
  // AlgorithmIdentifier { id-sha256, NULL }
  static constexpr std::uint8_t kAlgorithm[] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
                                                0x03, 0x04, 0x02, 0x01, 0x05, 0x00};
  Bytes algorithm;
  iso7816::write_ber_tlv(algorithm, 0x30, kAlgorithm);
  Bytes octets;
  iso7816::write_ber_tlv(octets, 0x04, digest);
  Bytes body = algorithm;
  append(body, octets);
  Bytes out;
  iso7816::write_ber_tlv(out, 0x30, body);
  return out;
}

Bytes sign_digest_info(EVP_PKEY* key, ByteView digest_info) {
  PkeyCtxPtr ctx(check(EVP_PKEY_CTX_new(key, nullptr), "signing context"));
  check(EVP_PKEY_sign_init(ctx.get()), "EVP_PKEY_sign_init");
  check(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING), "PKCS#1 v1.5 padding");
  std::size_t length = 0;
  check(EVP_PKEY_sign(ctx.get(), nullptr, &length, digest_info.data(), digest_info.size()),
        "signature length");
  Bytes signature(length);
  check(EVP_PKEY_sign(ctx.get(), signature.data(), &length, digest_info.data(), digest_info.size()),
        "signing a card-info record");
  signature.resize(length);
  return signature;
}

Bytes sign_sha256(EVP_PKEY* key, ByteView data) {
  return sign_digest_info(key, sha256_digest_info(sha256(data)));
}

bool verify_digest_info(EVP_PKEY* key, ByteView digest_info, ByteView signature) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new(key, nullptr));
  const bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) > 0 &&
                  EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) > 0 &&
                  EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), digest_info.data(),
                                  digest_info.size()) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace mynasim::pki::card_info
