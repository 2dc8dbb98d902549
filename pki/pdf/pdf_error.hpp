// How pki/pdf reports a failure. PdfInputError: the input is no PDF we can sign (not a PDF,
// encrypted, damaged); the message names the file and the problem. ContentsTooSmall: the
// signature does not fit the room reserved for it in /Contents. Both are PkiErrors, so a catch of
// hostcrypto::CryptoError takes them with the rest of pki's.
#pragma once

#include "pki/pki_error.hpp"

namespace mynasim::pdf {

class PdfInputError : public pki::PkiError {
 public:
  using pki::PkiError::PkiError;
};

class ContentsTooSmall : public pki::PkiError {
 public:
  using pki::PkiError::PkiError;
};

}  // namespace mynasim::pdf
