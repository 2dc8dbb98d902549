// fuzz_card's memo of PKCS#1 v1.5 signatures, below the card: the link wraps mbedTLS's
// mbedtls_rsa_rsassa_pkcs1_v15_sign (-Wl,--wrap, tests/fuzz/CMakeLists.txt), so the card's calls
// come here first.
//
// Why: one RSA-2048 private operation costs about 1 ms of mbedTLS, more than everything else an
// input does, and most inputs that sign ask for a signature the process has made before (the
// shortcut events sign one fixed message; the client flows in the seeds sign fixed hashes). A
// PKCS#1 v1.5 signature is a function of the key and the padded bytes alone, so the memo hands the
// card the very bytes mbedTLS would compute. What it skips is mbedTLS's blinding, which draws from
// the card's random generator: after a remembered signature, later random bytes (a GET CHALLENGE,
// a PSS salt) come from another point of the stream. No invariant of fuzz_card depends on their
// values. mbedTLS is the system's library, not instrumented, so no coverage is lost.
//
// Keyed by the public modulus (keys are loaded afresh from images, at new addresses) and every
// argument that changes the output. Bounded: a full memo starts again empty.
#include <mbedtls/rsa.h>

#include <cstddef>
#include <map>
#include <tuple>
#include <vector>

extern "C" int __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(
    mbedtls_rsa_context* ctx, int (*f_rng)(void*, unsigned char*, size_t), void* p_rng, int mode,
    mbedtls_md_type_t md_alg, unsigned int hashlen, const unsigned char* hash, unsigned char* sig);

namespace {

using Bytes = std::vector<unsigned char>;
using Key = std::tuple<Bytes, int, int, unsigned, Bytes>;  // modulus, mode, md_alg, hashlen, hash

constexpr std::size_t kMaxEntries = 4096;

std::map<Key, Bytes>& memo() {
  static std::map<Key, Bytes> entries;
  return entries;
}

}  // namespace

extern "C" int __wrap_mbedtls_rsa_rsassa_pkcs1_v15_sign(
    mbedtls_rsa_context* ctx, int (*f_rng)(void*, unsigned char*, size_t), void* p_rng, int mode,
    mbedtls_md_type_t md_alg, unsigned int hashlen, const unsigned char* hash, unsigned char* sig) {
  const std::size_t size = mbedtls_rsa_get_len(ctx);
  Bytes modulus(size);
  // With MBEDTLS_MD_NONE, hashlen is the length of `hash`; otherwise the digest's own size, which
  // mbedTLS reads from md_alg (hashlen then only has to be consistent, and is part of the key).
  const unsigned int hash_size =
      md_alg == MBEDTLS_MD_NONE ? hashlen : mbedtls_md_get_size(mbedtls_md_info_from_type(md_alg));
  if (size == 0 || hash == nullptr ||
      mbedtls_rsa_export_raw(ctx, modulus.data(), size, nullptr, 0, nullptr, 0, nullptr, 0, nullptr,
                             0) != 0) {
    return __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(ctx, f_rng, p_rng, mode, md_alg, hashlen, hash,
                                                    sig);
  }
  Key key{std::move(modulus), mode, static_cast<int>(md_alg), hashlen,
          Bytes(hash, hash + hash_size)};
  auto& entries = memo();
  if (const auto found = entries.find(key); found != entries.end()) {
    std::copy(found->second.begin(), found->second.end(), sig);
    return 0;
  }
  const int result =
      __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(ctx, f_rng, p_rng, mode, md_alg, hashlen, hash, sig);
  if (result != 0) return result;  // failures are not remembered: they are the card's to see
  if (entries.size() >= kMaxEntries) entries.clear();
  entries.emplace(std::move(key), Bytes(sig, sig + size));
  return 0;
}
