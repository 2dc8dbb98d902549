#include "tests/fuzz/rsa_crt.hpp"

#include <openssl/bn.h>

#include <cstddef>
#include <vector>

namespace mynasim::fuzz {
namespace {

// What rsa_check_context (mbedTLS 2.28, CRT build) asks of a context before a private
// operation: a length that is N's, N, P and Q positive and odd, E, DP, DQ and QP positive.
bool usable_private(const mbedtls_rsa_context& ctx) {
  const auto positive = [](const mbedtls_mpi& x) { return mbedtls_mpi_cmp_int(&x, 0) > 0; };
  const auto odd = [](const mbedtls_mpi& x) { return mbedtls_mpi_get_bit(&x, 0) == 1; };
  return ctx.len == mbedtls_mpi_size(&ctx.N) && ctx.len <= MBEDTLS_MPI_MAX_SIZE &&
         positive(ctx.N) && odd(ctx.N) && positive(ctx.P) && odd(ctx.P) && positive(ctx.Q) &&
         odd(ctx.Q) && positive(ctx.E) && positive(ctx.DP) && positive(ctx.DQ) && positive(ctx.QP);
}

// An mbedTLS number as an OpenSSL one (both non-negative here: usable_private checked).
bool convert(const mbedtls_mpi& from, BIGNUM* to, std::vector<unsigned char>& scratch) {
  scratch.resize(mbedtls_mpi_size(&from));
  if (mbedtls_mpi_write_binary(&from, scratch.data(), scratch.size()) != 0) return false;
  return BN_bin2bn(scratch.data(), static_cast<int>(scratch.size()), to) != nullptr;
}

// The operation itself, on numbers from `bn` (between BN_CTX_start and BN_CTX_end).
bool compute(const mbedtls_rsa_context& ctx, const unsigned char* input, unsigned char* output,
             BN_CTX* bn) {
  static std::vector<unsigned char> scratch;
  // The key's parts, then the operation's numbers: BN_CTX_get hands out the same ones each call.
  const mbedtls_mpi* const parts[] = {&ctx.N, &ctx.P, &ctx.Q, &ctx.DP, &ctx.DQ, &ctx.QP};
  BIGNUM* part[6];
  for (std::size_t i = 0; i < 6; ++i) {
    part[i] = BN_CTX_get(bn);
    if (part[i] == nullptr || !convert(*parts[i], part[i], scratch)) return false;
  }
  BIGNUM* number[6];
  for (BIGNUM*& x : number)
    if ((x = BN_CTX_get(bn)) == nullptr) return false;
  auto [n, p, q, dp, dq, qp] = part;
  auto [t, tp, tq, t_mod_p, t_mod_q, h] = number;
  if (BN_bin2bn(input, static_cast<int>(ctx.len), t) == nullptr) return false;
  if (BN_cmp(t, n) >= 0) return false;  // mbedTLS refuses it (MBEDTLS_ERR_MPI_BAD_INPUT_DATA)
  // The secret exponents and primes are handled in constant time, as OpenSSL's RSA does.
  for (BIGNUM* secret : {p, q, dp, dq}) BN_set_flags(secret, BN_FLG_CONSTTIME);
  // TP = T^DP mod P, TQ = T^DQ mod Q (side by side where the CPU has the instructions for it).
  if (!BN_nnmod(t_mod_p, t, p, bn) || !BN_nnmod(t_mod_q, t, q, bn) ||
      !BN_mod_exp_mont_consttime_x2(tp, t_mod_p, dp, p, nullptr, tq, t_mod_q, dq, q, nullptr, bn))
    return false;
  // T = TQ + ((TP - TQ) * QP mod P) * Q; BN_mod_mul's result is in [0, P), as mbedTLS's
  // mbedtls_mpi_mod_mpi of a negative difference is.
  if (!BN_sub(h, tp, tq) || !BN_mod_mul(h, h, qp, p, bn) || !BN_mul(h, h, q, bn) ||
      !BN_add(t, tq, h))
    return false;
  return BN_bn2binpad(t, output, static_cast<int>(ctx.len)) == static_cast<int>(ctx.len);
}

}  // namespace

bool rsa_private_crt(const mbedtls_rsa_context& ctx, const unsigned char* input,
                     unsigned char* output) {
  if (!usable_private(ctx)) return false;
  static BN_CTX* const bn = BN_CTX_new();
  if (bn == nullptr) return false;
  BN_CTX_start(bn);
  const bool computed = compute(ctx, input, output, bn);
  BN_CTX_end(bn);
  return computed;
}

}  // namespace mynasim::fuzz
