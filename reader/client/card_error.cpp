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

}  // namespace mynasim::client
