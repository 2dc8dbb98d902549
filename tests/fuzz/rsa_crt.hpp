// mbedTLS's RSA private operation (CRT, unblinded) computed with OpenSSL's bignums, for
// fuzz_card's signature memo (rsa_sign_memo.cpp): an RSA-2048 private operation costs mbedTLS 2.28
// about 2-4 ms here and OpenSSL's constant-time Montgomery code (assembly) a tenth of that, and
// the fuzzer makes a new signature in about one input in twenty.
#pragma once

#include <mbedtls/rsa.h>

namespace mynasim::fuzz {

// Writes to `output` (mbedtls_rsa_get_len(ctx) bytes) the number mbedtls_rsa_private(ctx, no
// generator, input, output) computes before it checks it: TP = input^DP mod P,
// TQ = input^DQ mod Q, joined as TQ + ((TP - TQ) * QP mod P) * Q (mbedTLS's formula, with the
// context's own DP, DQ and QP, so that a key whose parts disagree gives mbedTLS's number too).
// False where mbedTLS refuses before computing (the context checks of rsa_check_context for a
// private key, an input not below N) and where the number does not fit `output`: the caller then
// asks mbedTLS itself. The number is not checked against E here: the caller verifies the
// signature it makes with mbedTLS's own verification.
bool rsa_private_crt(const mbedtls_rsa_context& ctx, const unsigned char* input,
                     unsigned char* output);

}  // namespace mynasim::fuzz
