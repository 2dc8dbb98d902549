// The certificate profiles of the simulated J-LIS (reference §5), built with OpenSSL's own X.509
// API and signed sha256WithRSAEncryption:
//
//  CA (self-signed, one per hierarchy and generation): subject = issuer = ca_name(); BC critical
//    CA:TRUE; KU critical keyCertSign+cRLSign; SKI; AKI keyid; SAN DirName
//    C=JP,O=公的個人認証サービス.
//  Link certificate (a CA change): one generation's key certified by the other generation, same
//    names, same extensions as a CA certificate (J-LIS publishes NewWithOld and OldWithNew).
//  OCSP responder (delegated, one per CA generation): KU critical digitalSignature; EKU
//    id-kp-OCSPSigning; id-pkix-ocsp-nocheck; AKI; SKI.
//  Signature certificate: subject C=JP,L=<prefecture>,L=<municipality>,CN=<id>; SAN otherNames
//    1.2.392.200149.8.5.5.{1,4,3,5,2,6} (name, birth EYYYYMMDD, sex, address, name and address
//    substitute positions), each value [0] EXPLICIT UTF8String, in that order (the real card's);
//    KU critical digitalSignature+nonRepudiation; certificatePolicies 1.2.392.200149.8.5.1.1.20;
//    issuerAltName DirName C=JP,O=公的個人認証サービス; CRL DP (URI); AIA OCSP (URI); AKI; SKI.
//  User-authentication certificate: subject C=JP,CN=<id>; no personal data anywhere; KU critical
//    digitalSignature; certificatePolicies 1.2.392.200149.8.5.1.3.30; the same issuerAltName,
//    CRL DP, AIA, AKI and SKI.
#pragma once

#include <cstdint>
#include <string>

#include "hostcrypto/openssl_handles.hpp"
#include "iso7816/bytes.hpp"
#include "pki/holder.hpp"
#include "pki/jpki_names.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {

inline constexpr std::string_view kSignPolicyOid = "1.2.392.200149.8.5.1.1.20";
inline constexpr std::string_view kAuthPolicyOid = "1.2.392.200149.8.5.1.3.30";
// 1.2.392.200149.8.5.5.<n>: n = 1 name, 2 name substitute positions, 3 sex, 4 birth date,
// 5 address, 6 address substitute positions.
inline constexpr std::string_view kHolderAttributeArc = "1.2.392.200149.8.5.5.";

// Where relying parties fetch revocation data. One base URL for the whole authority; `mynaca
// ocsp serve` answers OCSP at /ocsp and serves the CRLs at /crl/<file>.
struct Endpoints {
  std::string base_url = "http://127.0.0.1:8090";
  std::string ocsp_url() const { return base_url + "/ocsp"; }
  std::string crl_url(Hierarchy h, int generation) const;
};

// "sign-g01" style: how files and URLs name one CA generation.
std::string generation_label(Hierarchy h, int generation);

// A CA generation that signs: its certificate and private key.
struct Signer {
  Hierarchy hierarchy;
  int generation;
  X509* certificate;
  EVP_PKEY* key;
};

struct Validity {
  std::uint64_t serial;
  UnixTime not_before;
  UnixTime not_after;
};

hostcrypto::X509Ptr make_ca_certificate(Hierarchy h, EVP_PKEY* key, const Validity& validity);
hostcrypto::X509Ptr make_link_certificate(Hierarchy h, EVP_PKEY* subject_key, const Signer& issuer,
                                          const Validity& validity);
hostcrypto::X509Ptr make_responder_certificate(EVP_PKEY* responder_key, const Signer& ca,
                                               const Validity& validity);

// `spki`: the card key's SubjectPublicKeyInfo DER (RSA-2048 required). `cn`: end_entity_cn().
hostcrypto::X509Ptr make_signature_certificate(const Signer& ca, ByteView spki,
                                               const Holder& holder, std::string_view cn,
                                               const Validity& validity,
                                               const Endpoints& endpoints);
hostcrypto::X509Ptr make_auth_certificate(const Signer& ca, ByteView spki, std::string_view cn,
                                          const Validity& validity, const Endpoints& endpoints);

}  // namespace mynasim::pki
