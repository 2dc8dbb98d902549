#include "reader/client/card_error.hpp"

#include <cstdio>

#include "iso7816/status_words.hpp"

namespace mynasim::client {
namespace {
std::string message(std::uint16_t sw, const std::string& what) {
  char word[8];
  std::snprintf(word, sizeof word, "%04X", sw);
  const char* name = iso7816::sw::name(sw);
  return what + ": the card answered " + word + (name ? std::string(" (") + name + ")" : "");
}
}  // namespace

CardError::CardError(std::uint16_t sw, const std::string& what)
    : std::runtime_error(message(sw, what)), sw_(sw) {}

ErrorCategory CardError::category() const {
  return category_of_word(sw_);
}

ErrorCategory category_of_word(std::uint16_t sw) {
  namespace words = iso7816::sw;
  if (words::is_tries_left(sw) && (sw & 0x0F) > 0) return ErrorCategory::kRetryable;
  if (sw == words::kSecurityStatusNotSatisfied) return ErrorCategory::kRetryable;
  return ErrorCategory::kFatal;
}

ErrorCategory category_of(const std::exception& error) {
  if (const auto* card = dynamic_cast<const CardError*>(&error)) return card->category();
  if (const auto* pcsc = dynamic_cast<const pcsc::PcscError*>(&error)) return pcsc->category();
  return ErrorCategory::kFatal;
}

}  // namespace mynasim::client
