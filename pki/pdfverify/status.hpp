// What a PDF signature verifier found, in pki/verify's style: one stable code per problem, no
// exceptions for bad input. The PDF's own problems are here; a signature's CMS and certificate
// problems keep pki/cms's codes ("digest-mismatch", "signer-revoked", "timestamp-untrusted").
#pragma once

#include <string>
#include <string_view>

namespace mynasim::pki::pdfverify {

enum class Status {
  // The file
  kNotPdf,        // no "%PDF-" header
  kEncrypted,     // an /Encrypt dictionary: not verified (the signed bytes are ciphertext)
  kDamaged,       // the parser gave up (xref, trailer, objects); no repair is attempted
  kNoSignatures,  // no signed signature field and no document timestamp
  // One signature dictionary
  kSignatureMalformed,    // no /ByteRange or /Contents, or of the wrong type
  kUnsupportedSubFilter,  // not adbe.pkcs7.detached, ETSI.CAdES.detached or ETSI.RFC3161
  kByteRangeMalformed,    // not four non-negative integers
  kByteRangeGap,          // bytes other than the /Contents hex string left out (incl. the start)
  kByteRangeOverlap,      // the second range starts before the first ends
  kByteRangePastEof,      // a range ends past the end of the file
  kContentsPadding,       // /Contents holds non-zero bytes after the CMS
  kAppendedBytes,         // bytes after the signed revision that are no incremental update
  kModifiedAfterSigning,  // an update after the signature changed what it signed (detail: what)
};

// "byte-range-gap", ...: stable names for JSON and messages.
std::string_view to_string(Status status);

struct Finding {
  Status status;
  std::string detail;
};

}  // namespace mynasim::pki::pdfverify
