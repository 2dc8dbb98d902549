#include "pki/verify/validator.hpp"

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/verify/checks.hpp"

namespace mynasim::pki::verify {

Result validate(ByteView certificate, const TrustAnchors& anchors, const Options& options) {
  Result result;
  hostcrypto::X509Ptr leaf = hostcrypto::x509_from_der(certificate);
  if (!leaf) {
    detail::add(result, Status::kMalformed, "not a DER X.509 certificate");
    return result;
  }
  hostcrypto::X509StackPtr chain;
  detail::check_chain(leaf.get(), anchors, options.at, result, chain);
  detail::check_purpose(leaf.get(), options.purpose, result);
  if (options.revocation == Revocation::kNone) return result;
  X509* issuer = chain && sk_X509_num(chain.get()) > 1 ? sk_X509_value(chain.get(), 1) : nullptr;
  if (!issuer) return result;  // untrusted: there is no issuer to ask about it
  const std::size_t before = result.findings.size();
  if (options.revocation == Revocation::kOcsp)
    detail::check_ocsp(leaf.get(), issuer, options, result);
  else
    detail::check_crl(leaf.get(), issuer, options, result);
  if (options.fail_mode == FailMode::kSoft) {
    for (std::size_t i = before; i < result.findings.size(); ++i) {
      Finding& f = result.findings[i];
      if (f.status != Status::kRevoked && f.status != Status::kOnHold) f.fatal = false;
    }
  }
  return result;
}

}  // namespace mynasim::pki::verify
