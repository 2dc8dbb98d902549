// The sealed form of a private key, for the card's own storage only:
//   version (1 byte) || 8 x { length (2 bytes, big-endian) || big-endian magnitude }
// in the order N, E, D, P, Q, DP, DQ, QP. Unseal checks that the parts form one consistent key,
// so a damaged image yields no key rather than a key that signs wrongly.
#include <array>

#include "card/crypto/mbedtls_rsa.hpp"
#include "card/crypto/rsa_key.hpp"

namespace mynasim::card::crypto {
namespace {

constexpr std::uint8_t kSealVersion = 0x01;
constexpr std::size_t kPartCount = 8;
enum Part : std::size_t { kN, kE, kD, kP, kQ, kDp, kDq, kQp };

}  // namespace

Bytes RsaPrivateKey::seal(const StorageAccess&) const {
  std::array<Mpi, kPartCount> parts;
  const mbedtls_rsa_context* rsa = impl_->rsa.get();
  if (mbedtls_rsa_export(rsa, parts[kN].get(), parts[kP].get(), parts[kQ].get(), parts[kD].get(),
                         parts[kE].get()) != 0 ||
      mbedtls_rsa_export_crt(rsa, parts[kDp].get(), parts[kDq].get(), parts[kQp].get()) != 0) {
    return {};
  }
  std::size_t total = 1;
  for (const Mpi& part : parts) total += 2 + mbedtls_mpi_size(part.get());
  // Sized once and written in place: a growing vector would leave copies of the private key in
  // the blocks it frees.
  Bytes sealed(total);
  sealed[0] = kSealVersion;
  std::size_t at = 1;
  for (const Mpi& part : parts) {
    const std::size_t size = mbedtls_mpi_size(part.get());
    sealed[at] = static_cast<std::uint8_t>(size >> 8);
    sealed[at + 1] = static_cast<std::uint8_t>(size);
    mbedtls_mpi_write_binary(part.get(), sealed.data() + at + 2, size);
    at += 2 + size;
  }
  return sealed;
}

std::optional<RsaPrivateKey> RsaPrivateKey::unseal(const StorageAccess&, ByteView sealed) {
  if (sealed.empty() || sealed[0] != kSealVersion) return std::nullopt;
  std::array<ByteView, kPartCount> parts;
  std::size_t at = 1;
  for (ByteView& part : parts) {
    if (sealed.size() - at < 2) return std::nullopt;
    const std::size_t size = read_u16(sealed, at);
    at += 2;
    if (sealed.size() - at < size) return std::nullopt;
    part = sealed.subspan(at, size);
    at += size;
  }
  if (at != sealed.size()) return std::nullopt;

  auto impl = std::make_unique<Impl>();
  mbedtls_rsa_context* rsa = impl->rsa.get();
  if (mbedtls_rsa_import_raw(rsa, parts[kN].data(), parts[kN].size(), parts[kP].data(),
                             parts[kP].size(), parts[kQ].data(), parts[kQ].size(), parts[kD].data(),
                             parts[kD].size(), parts[kE].data(), parts[kE].size()) != 0 ||
      mbedtls_rsa_complete(rsa) != 0) {
    return std::nullopt;
  }
  // mbedTLS derives DP, DQ and QP from P, Q and D; the stored ones must agree with them.
  std::array<Mpi, 3> derived;
  if (mbedtls_rsa_export_crt(rsa, derived[0].get(), derived[1].get(), derived[2].get()) != 0) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < derived.size(); ++i) {
    const ByteView part = parts[kDp + i];
    Mpi stored;
    if (mbedtls_mpi_read_binary(stored.get(), part.data(), part.size()) != 0 ||
        mbedtls_mpi_cmp_mpi(stored.get(), derived[i].get()) != 0) {
      return std::nullopt;
    }
  }
  if (mbedtls_rsa_check_privkey(rsa) != 0) return std::nullopt;
  return RsaPrivateKey(std::move(impl));
}

}  // namespace mynasim::card::crypto
