#include "pki/pdfverify/status.hpp"

namespace mynasim::pki::pdfverify {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::kNotPdf:
      return "not-pdf";
    case Status::kEncrypted:
      return "encrypted";
    case Status::kDamaged:
      return "damaged";
    case Status::kNoSignatures:
      return "no-signatures";
    case Status::kSignatureMalformed:
      return "signature-malformed";
    case Status::kUnsupportedSubFilter:
      return "unsupported-subfilter";
    case Status::kByteRangeMalformed:
      return "byte-range-malformed";
    case Status::kByteRangeGap:
      return "byte-range-gap";
    case Status::kByteRangeOverlap:
      return "byte-range-overlap";
    case Status::kByteRangePastEof:
      return "byte-range-past-eof";
    case Status::kContentsPadding:
      return "contents-padding";
    case Status::kAppendedBytes:
      return "appended-bytes";
    case Status::kModifiedAfterSigning:
      return "modified-after-signing";
  }
  return "unknown";
}

}  // namespace mynasim::pki::pdfverify
