// The card's RSA private key: generation, PKCS#1 v1.5 and PSS signing on mbedTLS.
#include "card/crypto/rsa_key.hpp"

#include <utility>

#include "card/crypto/mbedtls_rsa.hpp"

namespace mynasim::card::crypto {
namespace {

constexpr int kPublicExponent = 65537;
// Type-1 block: 00 01, at least eight FF, 00 (RFC 8017 §9.2 step 3).
constexpr std::size_t kPkcs1Overhead = 11;

Bytes to_bytes(const mbedtls_mpi* value) {
  Bytes out(mbedtls_mpi_size(value));
  // Cannot fail: the buffer is exactly as long as the number.
  mbedtls_mpi_write_binary(value, out.data(), out.size());
  return out;
}

}  // namespace

RsaPrivateKey::RsaPrivateKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RsaPrivateKey::~RsaPrivateKey() = default;
RsaPrivateKey::RsaPrivateKey(RsaPrivateKey&&) noexcept = default;
RsaPrivateKey& RsaPrivateKey::operator=(RsaPrivateKey&&) noexcept = default;

bool RsaPrivateKey::copy_from(const StorageAccess&, const RsaPrivateKey& key) {
  // Into this context while neither holds blinding values (it then reuses this key's memory);
  // otherwise into a new one, since copying no blinding values over some may leave them behind.
  if (!impl_->blinded && !key.impl_->blinded)
    return mbedtls_rsa_copy(impl_->rsa.get(), key.impl_->rsa.get()) == 0;
  auto copy = std::make_unique<Impl>();
  if (mbedtls_rsa_copy(copy->rsa.get(), key.impl_->rsa.get()) != 0) return false;
  copy->blinded = key.impl_->blinded;
  impl_ = std::move(copy);
  return true;
}

std::optional<RsaPrivateKey> RsaPrivateKey::generate(Random& random, unsigned bits) {
  auto impl = std::make_unique<Impl>();
  if (mbedtls_rsa_gen_key(impl->rsa.get(), fill_from_random, &random, bits, kPublicExponent) != 0) {
    return std::nullopt;
  }
  return RsaPrivateKey(std::move(impl));
}

RsaPublicKey RsaPrivateKey::public_key() const {
  Mpi n;
  Mpi e;
  RsaPublicKey key;
  if (mbedtls_rsa_export(impl_->rsa.get(), n.get(), nullptr, nullptr, nullptr, e.get()) == 0) {
    key.modulus = to_bytes(n.get());
    key.exponent = to_bytes(e.get());
  }
  return key;
}

std::size_t RsaPrivateKey::modulus_size() const {
  return mbedtls_rsa_get_len(impl_->rsa.get());
}

std::optional<Bytes> RsaPrivateKey::sign_pkcs1_v15(ByteView digest_info, Random& random) const {
  const std::size_t size = modulus_size();
  if (digest_info.size() + kPkcs1Overhead > size) return std::nullopt;
  Bytes signature(size);
  // MBEDTLS_MD_NONE: mbedTLS pads the bytes as given, so the host's DigestInfo is signed as-is.
  // The Random feeds base and exponent blinding against timing attacks.
  impl_->blinded = true;
  if (mbedtls_rsa_rsassa_pkcs1_v15_sign(
          impl_->rsa.get(), fill_from_random, &random, MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_NONE,
          static_cast<unsigned>(digest_info.size()), digest_info.data(), signature.data()) != 0) {
    return std::nullopt;
  }
  return signature;
}

RsaPrivateKey::Decrypted RsaPrivateKey::decrypt_oaep_sha256(ByteView ciphertext,
                                                            Random& random) const {
  const std::size_t size = modulus_size();
  Decrypted out;
  if (ciphertext.size() != size) {  // not an RSA block of this key at all
    out.error = DecryptError::kBadPadding;
    return out;
  }
  // The ciphertext as a number against N: what the real card answers 6F00 for (myna-card text.rs).
  Mpi n;
  Mpi c;
  if (mbedtls_rsa_export(impl_->rsa.get(), n.get(), nullptr, nullptr, nullptr, nullptr) != 0 ||
      mbedtls_mpi_read_binary(c.get(), ciphertext.data(), ciphertext.size()) != 0 ||
      mbedtls_mpi_cmp_mpi(c.get(), n.get()) >= 0) {
    out.error = DecryptError::kAboveModulus;
    return out;
  }
  // OAEP takes its hash from the context: switch for this one operation, then back to the
  // PKCS#1 v1.5 signing the other keys do.
  mbedtls_rsa_set_padding(impl_->rsa.get(), MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
  out.plaintext.resize(size);
  std::size_t length = 0;
  impl_->blinded = true;
  const int rc = mbedtls_rsa_rsaes_oaep_decrypt(
      impl_->rsa.get(), fill_from_random, &random, MBEDTLS_RSA_PRIVATE, nullptr, 0, &length,
      ciphertext.data(), out.plaintext.data(), out.plaintext.size());
  mbedtls_rsa_set_padding(impl_->rsa.get(), MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
  if (rc != 0) {
    secure_wipe(out.plaintext);
    out.plaintext.clear();
    out.error = DecryptError::kBadPadding;
    return out;
  }
  out.plaintext.resize(length);
  return out;
}

std::optional<Bytes> RsaPrivateKey::sign_pss_sha256(ByteView hash, Random& random) const {
  constexpr std::size_t kSha256Size = 32;
  if (hash.size() != kSha256Size) return std::nullopt;
  mbedtls_rsa_context* rsa = impl_->rsa.get();
  Bytes signature(modulus_size());
  // The context pads PKCS#1 v1.5 by default; PSS needs v2.1 with SHA-256 for MGF1, and the
  // default goes back before returning so the v1.5 signatures never see this setting.
  mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
  impl_->blinded = true;
  const int result = mbedtls_rsa_rsassa_pss_sign_ext(
      rsa, fill_from_random, &random, MBEDTLS_MD_SHA256, static_cast<unsigned>(hash.size()),
      hash.data(), static_cast<int>(kSha256Size), signature.data());
  mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
  if (result != 0) return std::nullopt;
  return signature;
}

}  // namespace mynasim::card::crypto
