// The steps of validate(), one file each (pki/verify/*_check.cpp). Internal to pki/verify.
#pragma once

#include <ctime>
#include <optional>

#include "hostcrypto/openssl_handles.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/validator.hpp"

namespace mynasim::pki::verify::detail {

// Adds chain findings; on success `chain` holds leaf .. root (for the issuer).
void check_chain(X509* leaf, const TrustAnchors& anchors, UnixTime at, Result& result,
                 hostcrypto::X509StackPtr& chain);
void check_purpose(X509* leaf, Purpose purpose, Result& result);
void check_ocsp(X509* leaf, X509* issuer, const Options& options, Result& result);
void check_crl(X509* leaf, X509* issuer, const Options& options, Result& result);

inline void add(Result& result, Status status, std::string detail, int reason = -1) {
  result.findings.push_back({status, true, reason, std::move(detail)});
}

// A time read from a response or CRL: nullopt when OpenSSL parsed the field but it is no valid
// time (d2i does not check the digits). The checks then fail closed instead of throwing.
inline std::optional<UnixTime> time_in(const ASN1_TIME* time) {
  std::tm tm{};
  if (!time || ASN1_TIME_to_tm(time, &tm) != 1) return std::nullopt;
  return unix_time_of(time);
}

}  // namespace mynasim::pki::verify::detail
