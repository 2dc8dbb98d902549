// The steps of validate(), one file each (pki/verify/*_check.cpp). Internal to pki/verify.
#pragma once

#include "pki/verify/validator.hpp"

namespace mynasim::pki::verify::detail {

// Adds chain findings; on success `chain` holds leaf .. root (for the issuer).
void check_chain(X509* leaf, const TrustAnchors& anchors, UnixTime at, Result& result,
                 X509StackPtr& chain);
void check_purpose(X509* leaf, Purpose purpose, Result& result);
void check_ocsp(X509* leaf, X509* issuer, const Options& options, Result& result);
void check_crl(X509* leaf, X509* issuer, const Options& options, Result& result);

inline void add(Result& result, Status status, std::string detail, int reason = -1) {
  result.findings.push_back({status, true, reason, std::move(detail)});
}

}  // namespace mynasim::pki::verify::detail
