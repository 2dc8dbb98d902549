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

// The bignums of one operation, kept from one call to the next (their buffers are reused).
struct Numbers {
  Numbers() {
    for (BIGNUM*& n : all) n = BN_new();
  }
  ~Numbers() {
    for (BIGNUM* n : all) BN_clear_free(n);
    BN_CTX_free(ctx);
  }
  bool ok() const {
    for (const BIGNUM* n : all)
      if (n == nullptr) return false;
    return ctx != nullptr;
  }
  BN_CTX* ctx = BN_CTX_new();
  BIGNUM* all[12] = {};
  BIGNUM*& n = all[0];
  BIGNUM*& p = all[1];
  BIGNUM*& q = all[2];
  BIGNUM*& dp = all[3];
  BIGNUM*& dq = all[4];
  BIGNUM*& qp = all[5];
  BIGNUM*& t = all[6];
  BIGNUM*& tp = all[7];
  BIGNUM*& tq = all[8];
  BIGNUM*& t_mod_p = all[9];
  BIGNUM*& t_mod_q = all[10];
  BIGNUM*& h = all[11];
};

// An mbedTLS number as an OpenSSL one (both non-negative here: usable_private checked).
bool convert(const mbedtls_mpi& from, BIGNUM* to, std::vector<unsigned char>& scratch) {
  scratch.resize(mbedtls_mpi_size(&from));
  if (mbedtls_mpi_write_binary(&from, scratch.data(), scratch.size()) != 0) return false;
  return BN_bin2bn(scratch.data(), static_cast<int>(scratch.size()), to) != nullptr;
}

}  // namespace

bool rsa_private_crt(const mbedtls_rsa_context& ctx, const unsigned char* input,
                     unsigned char* output) {
  if (!usable_private(ctx)) return false;
  static Numbers numbers;
  static std::vector<unsigned char> scratch;
  Numbers& x = numbers;
  if (!x.ok()) return false;
  if (!convert(ctx.N, x.n, scratch) || !convert(ctx.P, x.p, scratch) ||
      !convert(ctx.Q, x.q, scratch) || !convert(ctx.DP, x.dp, scratch) ||
      !convert(ctx.DQ, x.dq, scratch) || !convert(ctx.QP, x.qp, scratch))
    return false;
  if (BN_bin2bn(input, static_cast<int>(ctx.len), x.t) == nullptr) return false;
  if (BN_cmp(x.t, x.n) >= 0) return false;  // mbedTLS refuses it (MBEDTLS_ERR_MPI_BAD_INPUT_DATA)
  // The secret exponents and primes are handled in constant time, as OpenSSL's RSA does.
  for (BIGNUM* secret : {x.p, x.q, x.dp, x.dq}) BN_set_flags(secret, BN_FLG_CONSTTIME);
  // TP = T^DP mod P, TQ = T^DQ mod Q (side by side where the CPU has the instructions for it).
  if (!BN_nnmod(x.t_mod_p, x.t, x.p, x.ctx) || !BN_nnmod(x.t_mod_q, x.t, x.q, x.ctx) ||
      !BN_mod_exp_mont_consttime_x2(x.tp, x.t_mod_p, x.dp, x.p, nullptr, x.tq, x.t_mod_q, x.dq, x.q,
                                    nullptr, x.ctx))
    return false;
  // T = TQ + ((TP - TQ) * QP mod P) * Q; BN_mod_mul's result is in [0, P), as mbedTLS's
  // mbedtls_mpi_mod_mpi of a negative difference is.
  if (!BN_sub(x.h, x.tp, x.tq) || !BN_mod_mul(x.h, x.h, x.qp, x.p, x.ctx) ||
      !BN_mul(x.h, x.h, x.q, x.ctx) || !BN_add(x.t, x.tq, x.h))
    return false;
  return BN_bn2binpad(x.t, output, static_cast<int>(ctx.len)) == static_cast<int>(ctx.len);
}

}  // namespace mynasim::fuzz
