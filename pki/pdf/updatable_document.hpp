// A PDF opened for an incremental update (ISO 32000-1 7.5.6) through PoDoFo 0.9.8: the input's
// bytes stay a byte-for-byte prefix of the output, and only new or changed objects follow, with a
// cross-reference section chained by /Prev. What pki/pdf adds through it: an invisible signature
// field whose signature dictionary holds placeholders (byte_range.hpp), and a Document Security
// Store (ETSI EN 319 142-1 5.4.2, /DSS in the catalog). PoDoFo stays inside the .cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::pdf {

struct SignatureDictionary {
  std::string sub_filter;  // "adbe.pkcs7.detached" or "ETSI.CAdES.detached"
  std::string name;        // /Name, UTF-8 (a PDF text string in UTF-16BE when not ASCII)
  std::string reason;      // /Reason, UTF-8; empty: none
  std::string date;        // /M, a PDF date ("D:20261202142913+00'00'")
  std::size_t contents_bytes = 0;
};

// The validation data of PAdES B-LT: DER certificates, OCSP responses (OCSPResponse) and CRLs.
struct ValidationData {
  std::vector<Bytes> certificates, ocsp_responses, crls;
};

class UpdatableDocument {
 public:
  // Throws PdfInputError "<name>: not a PDF ...", "<name>: encrypted PDF ...", "<name>: damaged
  // PDF ...": `name` is how messages call the input (its path).
  UpdatableDocument(ByteView pdf, std::string name);
  ~UpdatableDocument();
  UpdatableDocument(const UpdatableDocument&) = delete;
  UpdatableDocument& operator=(const UpdatableDocument&) = delete;

  // Adds an invisible signature field (zero-size widget on the first page, printable) named
  // "Signature<n>" with the first n no field has, and sets /SigFlags 3. Returns the name.
  std::string add_signature(const SignatureDictionary& dictionary);
  // Adds the data to the catalog's /DSS (made when absent; appended to when present).
  void add_validation_data(const ValidationData& data);
  // The input's bytes followed by the update. Throws PkiError if the input is not its prefix.
  Bytes write_update();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mynasim::pdf
