// A signature verifier's checks of a CMS SignedData signed with a JPKI signature certificate
// (CAdES-BES or CAdES-T, cms_signer.hpp's profile or anyone's), in pki/verify's style: a list of
// findings, one status code per problem, no exceptions for bad input.
//   1. the structure: a DER SignedData with one SignerInfo and signed attributes; the content
//      (inside, or given when detached);
//   2. the signed attributes: contentType equal to eContentType, messageDigest equal to the hash
//      of the content, signingCertificateV2 naming the signer's certificate (CAdES-BES needs
//      it: without it another certificate of the same key could be claimed);
//   3. the signature over the signed attributes, with the signer's certificate from the
//      SignedData;
//   4. a signature timestamp when there is one: a TimeStampToken whose imprint is the hash of
//      the signature value, whose TSA certificate chains to `tsa_anchors` with extendedKeyUsage
//      timeStamping (critical, alone) at its genTime, and whose signature verifies; its genTime
//      is then the time of signing;
//   5. the signer's certificate as pki/verify checks it, at the time of signing (the timestamp's,
//      else `now`): chain to `signature_anchors`, the signature purpose (nonRepudiation, policy
//      ...1.1.20; a user-authentication certificate is the wrong purpose), revocation by OCSP,
//      and by CRL when OCSP gives no answer; a revocation after the time of signing does not
//      count. OCSP answers and CRLs must be current at `now`.
// The claimed signingTime is reported, never trusted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/unix_time.hpp"
#include "pki/verify/validator.hpp"

namespace mynasim::pki::cms {

enum class Status {
  kMalformed,                    // not a DER CMS SignedData with exactly one signer
  kContentMissing,               // detached, and no content given
  kMissingAttribute,             // no signed attributes, or contentType, messageDigest or
                                 // signingCertificateV2 absent
  kContentTypeMismatch,          // the contentType attribute is not the eContentType
  kDigestMismatch,               // messageDigest is not the hash of the content (changed content)
  kSignerCertificateMissing,     // no certificate in the SignedData is the signer's
  kSigningCertificateMismatch,   // signingCertificateV2 names another certificate
  kBadSignature,                 // the signature over the signed attributes does not verify
  kTimestampMalformed,           // the timestamp attribute holds no TimeStampToken
  kTimestampImprintMismatch,     // the token stamps other bytes than this signature value
  kTimestampBadSignature,        // the token's signature does not verify
  kTimestampCertificateMissing,  // the token carries no TSA certificate
};

std::string_view to_string(Status status);

struct Finding {
  Status status;
  std::string detail;
};

struct Options {
  verify::TrustAnchors signature_anchors;  // the signature CA generations (and link certs)
  verify::TrustAnchors tsa_anchors;        // the TSA's CA
  UnixTime now = 0;
  verify::OcspTransport ocsp;  // empty: straight to CRLs
  std::vector<Bytes> crls;
  verify::CrlRequirementSource crl_requirement;
  bool check_revocation = true;
  // Revocation evidence gathered at signing (a PDF's DSS): tried first, judged as archived
  // (pki/verify: issued at or after the time of signing); when it proves nothing, OCSP and then
  // the CRLs above decide and its findings stay as warnings.
  std::vector<Bytes> evidence_ocsp;
  std::vector<Bytes> evidence_crls;
};

struct Result {
  std::vector<Finding> findings;                 // the SignedData's own problems
  verify::Result signer;                         // the signer's certificate at the time of signing
  std::optional<verify::Result> tsa;             // the TSA's certificate, when there is a timestamp
  Bytes signer_certificate;                      // DER, when found
  std::optional<UnixTime> claimed_signing_time;  // the signingTime attribute
  std::optional<UnixTime> timestamp_time;        // genTime of a timestamp that checked out
  UnixTime validated_at = 0;                     // the time of signing used for the certificate
  // "dss-ocsp", "dss-crl" (the evidence), "ocsp", "crl" or "" (not checked)
  std::string revocation_source;

  bool ok() const;  // no finding, and no fatal finding for the signer or the TSA
  bool has(Status status) const;
  // Every problem as a stable code: the SignedData's ("digest-mismatch"), the signer
  // certificate's as "signer-" + pki/verify's ("signer-revoked"), the TSA certificate's as
  // "timestamp-" + pki/verify's ("timestamp-untrusted"); fatal ones only.
  std::vector<std::string> codes() const;
};

// `content`: the signed bytes of a detached signature (ignored when the content is inside).
Result verify(ByteView cms_der, std::optional<ByteView> content, const Options& options);

// A TimeStampToken (DER ContentInfo) over `stamped` on its own, as step 4 checks a signature
// timestamp: a PDF's document timestamp (/SubFilter /ETSI.RFC3161) stamps its ByteRange bytes.
// Sets findings, tsa and timestamp_time; no signer.
Result verify_timestamp(ByteView token, ByteView stamped, const Options& options);

}  // namespace mynasim::pki::cms
