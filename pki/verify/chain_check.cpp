// The chain, with OpenSSL's X509_verify_cert at the given time. A verify callback records every
// error and lets OpenSSL go on where a chain exists, so that e.g. an expired certificate with a
// tampered signature reports both.

#include <openssl/x509_vfy.h>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/pki_error.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/checks.hpp"

namespace mynasim::pki::verify::detail {
namespace {

using Errors = std::vector<std::pair<int, int>>;  // (X509_V_ERR_*, depth)

bool is_untrusted(int error) {
  return error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
         error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
         error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
         error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN || error == X509_V_ERR_CERT_UNTRUSTED ||
         error == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

int record_errors(int ok, X509_STORE_CTX* ctx) {
  if (ok) return 1;
  auto* errors = static_cast<Errors*>(X509_STORE_CTX_get_app_data(ctx));
  const int error = X509_STORE_CTX_get_error(ctx);
  errors->emplace_back(error, X509_STORE_CTX_get_error_depth(ctx));
  return is_untrusted(error) ? 0 : 1;  // without an issuer there is nothing left to check
}

Status status_of(int error) {
  if (is_untrusted(error)) return Status::kUntrusted;
  switch (error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return Status::kExpired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return Status::kNotYetValid;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
      return Status::kBadSignature;
    default:
      return Status::kChainInvalid;
  }
}

}  // namespace

void check_chain(X509* leaf, const TrustAnchors& anchors, UnixTime at, Result& result,
                 hostcrypto::X509StackPtr& chain) {
  hostcrypto::X509StorePtr store(hostcrypto::check(X509_STORE_new(), "X509_STORE_new"));
  for (const Bytes& der : anchors.roots) {
    hostcrypto::X509Ptr root = hostcrypto::x509_from_der_or_pem(der);
    if (!root) throw PkiError("trust anchor: not a certificate");
    hostcrypto::check(X509_STORE_add_cert(store.get(), root.get()), "X509_STORE_add_cert");
  }
  hostcrypto::X509StackPtr untrusted(hostcrypto::check(sk_X509_new_null(), "sk_X509_new_null"));
  for (const Bytes& der : anchors.intermediates) {
    hostcrypto::X509Ptr cert = hostcrypto::x509_from_der_or_pem(der);
    if (!cert) throw PkiError("intermediate: not a certificate");
    hostcrypto::check(sk_X509_push(untrusted.get(), cert.release()), "sk_X509_push");
  }
  hostcrypto::X509StoreCtxPtr ctx(hostcrypto::check(X509_STORE_CTX_new(), "X509_STORE_CTX_new"));
  hostcrypto::check(X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get()),
                    "X509_STORE_CTX_init");
  X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(at));
  Errors errors;
  X509_STORE_CTX_set_app_data(ctx.get(), &errors);
  X509_STORE_CTX_set_verify_cb(ctx.get(), record_errors);
  const int verified = X509_verify_cert(ctx.get());
  if (verified != 1 && errors.empty()) errors.emplace_back(X509_STORE_CTX_get_error(ctx.get()), 0);
  for (const auto& [error, depth] : errors) {
    const Status status = status_of(error);
    if (result.has(status)) continue;
    add(result, status,
        std::string(depth == 0 ? "the certificate"
                               : "the CA certificate at depth " + std::to_string(depth)) +
            ": " + X509_verify_cert_error_string(error));
  }
  if (!result.has(Status::kUntrusted)) chain.reset(X509_STORE_CTX_get1_chain(ctx.get()));
}

}  // namespace mynasim::pki::verify::detail
