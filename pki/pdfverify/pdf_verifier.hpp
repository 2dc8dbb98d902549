// A signature verifier's checks of a PDF (署名検証者: was each signature good when it was made,
// and does the file still show what was signed). pki/verify's style: findings with stable codes,
// no exceptions for bad input.
//   - the file: a PDF ("%PDF-"), not encrypted, parsed without repair (qpdf), its revisions
//     followed from the end through each trailer's /Prev (revisions.hpp);
//   - every signature field with a value, document timestamps included (jpki/myna checked only the
//     first: GHSA-g258-q5gf-7hvx): its /ByteRange covers its revision but for its own /Contents
//     (byte_range.hpp), the revision is one the chain reaches, and whatever the later updates
//     changed is a DSS, a document timestamp or a further signature (changes.hpp);
//   - the CMS through pki/cms (messageDigest over the ByteRange bytes, CAdES attributes, the
//     signature, the signer as a signature certificate at the time of signing, the signature
//     timestamp); a document timestamp's token over the ByteRange bytes (TSA chain, EKU,
//     imprint). Revocation at the time of signing from the DSS's OCSP responses and CRLs
//     first, else OCSP, else CRL (cms::Options).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/cms/cms_verifier.hpp"
#include "pki/pdfverify/status.hpp"

namespace mynasim::pki::pdfverify {

// The CMS checks' options (anchors, now, OCSP, CRLs); evidence_ocsp and evidence_crls are
// filled from the file's DSS.
using Options = cms::Options;

enum class Kind { kSignature, kDocumentTimestamp };

struct SignatureResult {
  std::string field;  // the field's fully qualified name
  Kind kind = Kind::kSignature;
  std::string sub_filter;  // without the slash: "ETSI.CAdES.detached"
  std::vector<std::int64_t> byte_range;
  std::size_t revision = 0;  // the revision it signs, 1 = the original file; 0: none
  std::optional<std::string> name, reason, signing_time;  // /Name, /Reason, /M as written
  std::vector<Finding> findings;                          // the PDF's problems with this signature
  std::optional<cms::Result> cms;  // the CMS (a document timestamp: its token), when checked

  bool ok() const;
  // The PDF's codes, then pki/cms's ("digest-mismatch", "signer-revoked", ...).
  std::vector<std::string> codes() const;
};

struct Result {
  std::vector<Finding> findings;  // the file's problems (not-pdf, encrypted, damaged, ...)
  std::vector<SignatureResult> signatures;
  std::size_t revisions = 0;
  bool dss = false;
  std::size_t dss_certificates = 0, dss_ocsp_responses = 0, dss_crls = 0;

  bool ok() const;  // no finding for the file, at least one signature, every one valid
  std::vector<std::string> codes() const;  // the file's, then each signature's, without repeats
};

Result verify(ByteView pdf, const Options& options);

}  // namespace mynasim::pki::pdfverify
