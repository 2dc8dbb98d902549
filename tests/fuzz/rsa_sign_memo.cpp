// fuzz_card's memo of the card's RSA signatures, below the card: the link wraps mbedTLS's
// mbedtls_rsa_rsassa_pkcs1_v15_sign, mbedtls_rsa_rsassa_pss_sign_ext and
// mbedtls_rsa_rsaes_oaep_decrypt (-Wl,--wrap, tests/fuzz/CMakeLists.txt), so the card's calls
// come here first.
//
// Why: one RSA-2048 private operation costs about 1 ms of mbedTLS, more than everything else an
// input does, and most inputs that sign ask for a signature the process has made before (the
// shortcut events sign one fixed message; the client flows in the seeds sign fixed hashes).
//
// What the card sees is what mbedTLS would give it, hit or miss:
//   - A PKCS#1 v1.5 signature is a function of the key and the padded bytes. A PSS signature is a
//     function of the key, the hash and the salt, and the salt is the first thing PSS draws from
//     the card's generator (RFC 8017 §9.1.1 step 4; mbedTLS draws it once, before the private
//     operation): the wrapper draws it itself, exactly as mbedTLS would, and looks up the
//     signature with it. A miss calls mbedTLS with a generator that hands it that very salt.
//   - mbedTLS's blinding (base and exponent, against timing attacks) draws from the generator it
//     is given, and changes nothing in the result. Here it never draws from the card's: a PSS
//     signature's blinding draws from a generator of this file's own, and PKCS#1 v1.5 signatures
//     and OAEP decryptions are made with no generator, which mbedTLS 2.28 allows for the private
//     operation (then unblinded, almost twice as fast). The card's generator thus gives the same
//     bytes (challenges, salts) after a remembered signature as after a computed one, so an input
//     plays the same way whatever the process did before (libFuzzer's reproduction of a crash
//     needs that). The OAEP decryption is wrapped for that reason only.
// A PKCS#1 v1.5 signature the memo does not hold (most new signatures: the fuzzer's own bytes
// after 80 2A) is made with OpenSSL's bignums (rsa_crt.cpp, a tenth of mbedTLS's time) and kept
// only if mbedTLS's own verification of it passes, which makes it the bytes mbedTLS would sign;
// anything else goes to mbedTLS, whose answer (or error) is then the card's.
// tests/unit/fuzz_memo/rsa_memo_test.cpp and rsa_crt_test.cpp check all of it against mbedTLS
// called directly. mbedTLS and OpenSSL are the system's libraries, not instrumented, so no
// coverage is lost.
//
// Keyed by the public modulus (keys are loaded afresh from images, at new addresses), the
// context's padding settings and every argument that changes the output. Bounded: a full memo
// starts again empty.
#include <mbedtls/md.h>
#include <mbedtls/rsa.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "tests/fuzz/rsa_crt.hpp"

extern "C" {
int __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(mbedtls_rsa_context* ctx,
                                             int (*f_rng)(void*, unsigned char*, size_t),
                                             void* p_rng, int mode, mbedtls_md_type_t md_alg,
                                             unsigned int hashlen, const unsigned char* hash,
                                             unsigned char* sig);
int __real_mbedtls_rsa_rsassa_pss_sign_ext(mbedtls_rsa_context* ctx,
                                           int (*f_rng)(void*, unsigned char*, size_t), void* p_rng,
                                           mbedtls_md_type_t md_alg, unsigned int hashlen,
                                           const unsigned char* hash, int saltlen,
                                           unsigned char* sig);
int __real_mbedtls_rsa_rsaes_oaep_decrypt(mbedtls_rsa_context* ctx,
                                          int (*f_rng)(void*, unsigned char*, size_t), void* p_rng,
                                          int mode, const unsigned char* label, size_t label_len,
                                          size_t* olen, const unsigned char* input,
                                          unsigned char* output, size_t output_max_len);
}

namespace {

using Bytes = std::vector<unsigned char>;
// modulus, scheme (0 v1.5, 1 PSS), mode, md_alg, hashlen, hash, padding, hash_id, salt
using Key = std::tuple<Bytes, int, int, int, unsigned, Bytes, int, int, Bytes>;

constexpr std::size_t kMaxEntries = 4096;

std::map<Key, Bytes>& memo() {
  static std::map<Key, Bytes> entries;
  return entries;
}

// The blinding generator (splitmix64): any bytes will do, blinding does not change results.
int blinding_random(void*, unsigned char* out, size_t size) {
  static std::uint64_t state = 0x6d796e6173696dULL;
  for (size_t i = 0; i < size; ++i) {
    if (i % 8 == 0) state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    out[i] = static_cast<unsigned char>((z ^ (z >> 31)) >> (8 * (i % 8)));
  }
  return 0;
}

// Hands mbedTLS the salt drawn already, then blinding bytes.
struct SaltThenBlinding {
  const Bytes* salt;
  bool given = false;
};
int salt_then_blinding(void* state, unsigned char* out, size_t size) {
  auto& source = *static_cast<SaltThenBlinding*>(state);
  if (source.given || size != source.salt->size()) return blinding_random(nullptr, out, size);
  source.given = true;
  std::copy(source.salt->begin(), source.salt->end(), out);
  return 0;
}

// The public modulus; empty when the context has none.
Bytes modulus_of(const mbedtls_rsa_context* ctx) {
  Bytes modulus(mbedtls_rsa_get_len(ctx));
  if (modulus.empty() || mbedtls_rsa_export_raw(ctx, modulus.data(), modulus.size(), nullptr, 0,
                                                nullptr, 0, nullptr, 0, nullptr, 0) != 0)
    modulus.clear();
  return modulus;
}

// With MBEDTLS_MD_NONE, hashlen is the length of `hash`; otherwise the digest's own size, which
// mbedTLS reads from md_alg (hashlen then only has to be consistent, and is part of the key).
unsigned hash_size(mbedtls_md_type_t md_alg, unsigned int hashlen) {
  return md_alg == MBEDTLS_MD_NONE ? hashlen
                                   : mbedtls_md_get_size(mbedtls_md_info_from_type(md_alg));
}

bool remembered(const Key& key, unsigned char* sig) {
  const auto found = memo().find(key);
  if (found == memo().end()) return false;
  std::copy(found->second.begin(), found->second.end(), sig);
  return true;
}

void remember(Key key, const unsigned char* sig, std::size_t size) {
  auto& entries = memo();
  if (entries.size() >= kMaxEntries) entries.clear();
  entries.emplace(std::move(key), Bytes(sig, sig + size));
}

// A PKCS#1 v1.5 signature of `digest_info` as it is (MBEDTLS_MD_NONE, what the card signs), its
// private operation done by rsa_private_crt, and taken only if mbedTLS's own verification of it
// passes: that verification pads `digest_info` the way the signing function does and compares the
// whole block, and the number is below N, so it is the one number mbedTLS's signing would write
// (its private operation checks the same equation, and its signing function the same block).
// False for anything else, which then goes to mbedTLS: a context that does not pad v1.5 or
// lacks a private part, bytes too long for the padding, parts that disagree (the check fails).
bool pkcs1_v15_sign_crt(mbedtls_rsa_context* ctx, unsigned int size,
                        const unsigned char* digest_info, unsigned char* sig) {
  constexpr std::size_t kOverhead = 11;  // 00 01, at least eight FF, 00
  const std::size_t length = mbedtls_rsa_get_len(ctx);
  if (ctx->padding != MBEDTLS_RSA_PKCS_V15 || digest_info == nullptr ||
      std::size_t{size} + kOverhead > length)
    return false;
  static Bytes block;
  static Bytes signature;
  block.assign(length, 0xFF);
  block[0] = 0x00;
  block[1] = 0x01;
  block[length - size - 1] = 0x00;
  std::copy(digest_info, digest_info + size, block.end() - size);
  signature.resize(length);
  if (!mynasim::fuzz::rsa_private_crt(*ctx, block.data(), signature.data())) return false;
  if (mbedtls_rsa_rsassa_pkcs1_v15_verify(ctx, nullptr, nullptr, MBEDTLS_RSA_PUBLIC,
                                          MBEDTLS_MD_NONE, size, digest_info,
                                          signature.data()) != 0)
    return false;
  std::copy(signature.begin(), signature.end(), sig);
  return true;
}

}  // namespace

extern "C" int __wrap_mbedtls_rsa_rsassa_pkcs1_v15_sign(
    mbedtls_rsa_context* ctx, int (*f_rng)(void*, unsigned char*, size_t), void* p_rng, int mode,
    mbedtls_md_type_t md_alg, unsigned int hashlen, const unsigned char* hash, unsigned char* sig) {
  Bytes modulus = modulus_of(ctx);
  const unsigned size = hash_size(md_alg, hashlen);
  // What mbedTLS refuses (no key, no hash, no generator for the private operation) it refuses.
  if (modulus.empty() || hash == nullptr || f_rng == nullptr || size == 0)
    return __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(ctx, f_rng, p_rng, mode, md_alg, hashlen, hash,
                                                    sig);
  Key key{std::move(modulus),
          0,
          mode,
          static_cast<int>(md_alg),
          hashlen,
          Bytes(hash, hash + size),
          0,
          0,
          {}};
  if (remembered(key, sig)) return 0;
  if (mode == MBEDTLS_RSA_PRIVATE && md_alg == MBEDTLS_MD_NONE &&
      pkcs1_v15_sign_crt(ctx, hashlen, hash, sig)) {
    remember(std::move(key), sig, mbedtls_rsa_get_len(ctx));
    return 0;
  }
  // No generator: mbedTLS 2.28 then skips blinding, which takes almost half the time.
  const int result = __real_mbedtls_rsa_rsassa_pkcs1_v15_sign(ctx, nullptr, nullptr, mode, md_alg,
                                                              hashlen, hash, sig);
  if (result != 0) return result;  // failures are not remembered: they are the card's to see
  remember(std::move(key), sig, mbedtls_rsa_get_len(ctx));
  return 0;
}

extern "C" int __wrap_mbedtls_rsa_rsassa_pss_sign_ext(mbedtls_rsa_context* ctx,
                                                      int (*f_rng)(void*, unsigned char*, size_t),
                                                      void* p_rng, mbedtls_md_type_t md_alg,
                                                      unsigned int hashlen,
                                                      const unsigned char* hash, int saltlen,
                                                      unsigned char* sig) {
  Bytes modulus = modulus_of(ctx);
  const unsigned size = hash_size(md_alg, hashlen);
  // MGF1's hash, the context's: its size and the salt's must fit the modulus.
  const mbedtls_md_info_t* mgf =
      mbedtls_md_info_from_type(static_cast<mbedtls_md_type_t>(ctx->hash_id));
  // Only what mbedTLS would sign, with an explicit salt length: it checks these before it draws
  // the salt, so anything else goes to it as it is and is refused there.
  if (modulus.empty() || hash == nullptr || f_rng == nullptr || size == 0 || mgf == nullptr ||
      saltlen <= 0 ||
      static_cast<std::size_t>(saltlen) + mbedtls_md_get_size(mgf) + 2 > modulus.size() ||
      ctx->padding != MBEDTLS_RSA_PKCS_V21)
    return __real_mbedtls_rsa_rsassa_pss_sign_ext(ctx, f_rng, p_rng, md_alg, hashlen, hash, saltlen,
                                                  sig);
  Bytes salt(static_cast<std::size_t>(saltlen));
  if (const int drawn = f_rng(p_rng, salt.data(), salt.size()); drawn != 0)
    return MBEDTLS_ERR_RSA_RNG_FAILED + drawn;  // what mbedTLS answers a failed draw
  Key key{std::move(modulus),
          1,
          0,
          static_cast<int>(md_alg),
          hashlen,
          Bytes(hash, hash + size),
          ctx->padding,
          ctx->hash_id,
          salt};
  if (remembered(key, sig)) return 0;
  SaltThenBlinding source{&salt};
  const int result = __real_mbedtls_rsa_rsassa_pss_sign_ext(ctx, salt_then_blinding, &source,
                                                            md_alg, hashlen, hash, saltlen, sig);
  if (result != 0) return result;
  remember(std::move(key), sig, mbedtls_rsa_get_len(ctx));
  return 0;
}

extern "C" int __wrap_mbedtls_rsa_rsaes_oaep_decrypt(mbedtls_rsa_context* ctx,
                                                     int (*f_rng)(void*, unsigned char*, size_t),
                                                     void* p_rng, int mode,
                                                     const unsigned char* label, size_t label_len,
                                                     size_t* olen, const unsigned char* input,
                                                     unsigned char* output, size_t output_max_len) {
  // Draws nothing but blinding: the card's generator is not given to it (see the top).
  (void)f_rng;
  (void)p_rng;
  return __real_mbedtls_rsa_rsaes_oaep_decrypt(ctx, nullptr, nullptr, mode, label, label_len, olen,
                                               input, output, output_max_len);
}
