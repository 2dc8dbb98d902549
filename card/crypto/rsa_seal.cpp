// The sealed form of a private key, for the card's own storage only:
//   version (1 byte) || 8 x { length (2 bytes, big-endian) || big-endian magnitude }
// in the order N, E, D, P, Q, DP, DQ, QP. Unseal checks that the parts form one consistent key,
// so a damaged image yields no key rather than a key that signs wrongly.
#include <algorithm>
#include <array>
#include <vector>

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
  // The checked unseal proper: the parts, then mbedTLS's completion and consistency checks.
  const auto unseal_parts = [](ByteView bytes) -> std::unique_ptr<Impl> {
    if (bytes.empty() || bytes[0] != kSealVersion) return nullptr;
    std::array<ByteView, kPartCount> parts;
    std::size_t at = 1;
    for (ByteView& part : parts) {
      if (bytes.size() - at < 2) return nullptr;
      const std::size_t size = read_u16(bytes, at);
      at += 2;
      if (bytes.size() - at < size) return nullptr;
      part = bytes.subspan(at, size);
      at += size;
    }
    if (at != bytes.size()) return nullptr;

    auto impl = std::make_unique<Impl>();
    mbedtls_rsa_context* rsa = impl->rsa.get();
    if (mbedtls_rsa_import_raw(rsa, parts[kN].data(), parts[kN].size(), parts[kP].data(),
                               parts[kP].size(), parts[kQ].data(), parts[kQ].size(),
                               parts[kD].data(), parts[kD].size(), parts[kE].data(),
                               parts[kE].size()) != 0 ||
        mbedtls_rsa_complete(rsa) != 0) {
      return nullptr;
    }
    // mbedTLS derives DP, DQ and QP from P, Q and D; the stored ones must agree with them.
    std::array<Mpi, 3> derived;
    if (mbedtls_rsa_export_crt(rsa, derived[0].get(), derived[1].get(), derived[2].get()) != 0) {
      return nullptr;
    }
    for (std::size_t i = 0; i < derived.size(); ++i) {
      const ByteView part = parts[kDp + i];
      Mpi stored;
      if (mbedtls_mpi_read_binary(stored.get(), part.data(), part.size()) != 0 ||
          mbedtls_mpi_cmp_mpi(stored.get(), derived[i].get()) != 0) {
        return nullptr;
      }
    }
    if (mbedtls_rsa_check_privkey(rsa) != 0) return nullptr;
    return impl;
  };
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  // Fuzzing builds only (tests/fuzz): fuzz_card loads the same image thousands of times a second,
  // and the checks above (an inverse modulo P per key) would take most of its time. They are a
  // function of the bytes alone, so bytes already unsealed in this process get the same answer
  // again: a copy of the key as it was unsealed (no private operation done), or nullopt. Bounded:
  // a full memo is dropped and starts over.
  struct Memo {
    Bytes sealed;
    std::unique_ptr<Impl> key;  // null: the bytes did not unseal
  };
  static std::vector<Memo> memo;
  const auto copy_of = [](const Impl& key) -> std::optional<RsaPrivateKey> {
    auto copy = std::make_unique<Impl>();
    if (mbedtls_rsa_copy(copy->rsa.get(), key.rsa.get()) != 0) return std::nullopt;
    return RsaPrivateKey(std::move(copy));
  };
  for (const Memo& entry : memo) {
    if (!std::equal(entry.sealed.begin(), entry.sealed.end(), sealed.begin(), sealed.end()))
      continue;
    if (!entry.key) return std::nullopt;
    return copy_of(*entry.key);
  }
  if (memo.size() >= 32) memo.clear();
  memo.push_back({Bytes(sealed.begin(), sealed.end()), unseal_parts(sealed)});
  if (!memo.back().key) return std::nullopt;
  return copy_of(*memo.back().key);
#else
  auto key = unseal_parts(sealed);
  if (!key) return std::nullopt;
  return RsaPrivateKey(std::move(key));
#endif
}

}  // namespace mynasim::card::crypto
