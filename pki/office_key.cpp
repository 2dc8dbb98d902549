#include "pki/office_key.hpp"

#include <openssl/core_names.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <filesystem>

#include "pki/private_files.hpp"

namespace mynasim::pki {
namespace {

Bytes bignum_param(EVP_PKEY* key, const char* name) {
  BIGNUM* value = nullptr;
  check(EVP_PKEY_get_bn_param(key, name, &value), "EVP_PKEY_get_bn_param");
  Bytes out(static_cast<std::size_t>(BN_num_bytes(value)));
  BN_bn2bin(value, out.data());
  BN_free(value);
  return out;
}

}  // namespace

EvpPkeyPtr ensure_office_key(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return load_office_key(path);
  EvpPkeyPtr key = generate_rsa_key(2048);
  write_file_atomically(path, view_of(private_key_pem(key.get())), 0600);
  return key;
}

EvpPkeyPtr load_office_key(const std::string& path) {
  const Bytes pem = read_private_file(path);
  EvpPkeyPtr key;
  try {
    key = private_key_from_pem({reinterpret_cast<const char*>(pem.data()), pem.size()});
  } catch (const PkiError&) {
    throw PkiError(path + ": not a private key in PEM");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
    throw PkiError(path + ": not an RSA private key in PEM");
  return key;
}

RsaPublicParts rsa_public_parts(EVP_PKEY* key) {
  return {bignum_param(key, OSSL_PKEY_PARAM_RSA_N), bignum_param(key, OSSL_PKEY_PARAM_RSA_E)};
}

Bytes sign_digest_info(EVP_PKEY* key, ByteView digest_info) {
  std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX_free>> ctx(
      check(EVP_PKEY_CTX_new(key, nullptr), "EVP_PKEY_CTX_new"));
  check(EVP_PKEY_sign_init(ctx.get()), "EVP_PKEY_sign_init");
  check(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING), "set_rsa_padding");
  std::size_t size = 0;
  check(EVP_PKEY_sign(ctx.get(), nullptr, &size, digest_info.data(), digest_info.size()),
        "EVP_PKEY_sign");
  Bytes signature(size);
  check(EVP_PKEY_sign(ctx.get(), signature.data(), &size, digest_info.data(), digest_info.size()),
        "EVP_PKEY_sign");
  signature.resize(size);
  return signature;
}

Bytes office_digest_info(ByteView challenge, ByteView card_serial) {
  static constexpr std::uint8_t kSha256Prefix[] = {0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60,
                                                   0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                   0x01, 0x05, 0x00, 0x04, 0x20};
  Bytes message(challenge.begin(), challenge.end());
  append(message, card_serial);
  Bytes out(std::begin(kSha256Prefix), std::end(kSha256Prefix));
  out.resize(out.size() + SHA256_DIGEST_LENGTH);
  SHA256(message.data(), message.size(), out.data() + sizeof(kSha256Prefix));
  return out;
}

}  // namespace mynasim::pki
