// A card that answered a status word the client did not expect, and whether trying again can
// help (the split libelectronic-id makes between Error and FatalError).
#pragma once

#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>

#include "reader/pcsc/pcsc_error.hpp"

namespace mynasim::client {

using pcsc::ErrorCategory;

class CardError : public std::runtime_error {
 public:
  CardError(std::uint16_t sw, const std::string& what);
  std::uint16_t sw() const { return sw_; }
  // category_of_word(sw()).
  ErrorCategory category() const;

 private:
  std::uint16_t sw_;
};

// Retryable: 63Cx with x > 0 (a wrong PIN, tries left) and 6982 (a PIN must be verified first).
// Fatal: every other word, 63C0 / 6983 / 6984 (blocked), 6A82 / 6D00 / 6E00 (not supported),
// 6700 / 6B00 (a command the card cannot take as sent), 9000 with content that does not parse.
ErrorCategory category_of_word(std::uint16_t sw);

// The category of any exception a client call throws: CardError and pcsc::PcscError by their
// own rules; anything else (RecordError: a malformed record; std::bad_alloc ...) is fatal.
ErrorCategory category_of(const std::exception& error);

}  // namespace mynasim::client
