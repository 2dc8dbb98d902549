#include "tools/mynasim/atr_choice.hpp"

#include <bit>

#include "card/apps/card_profiles.hpp"

namespace mynasim::tools {

std::string check_atr(ByteView atr) {
  if (atr.size() < 2 || atr.size() > 33)
    return std::to_string(atr.size()) + " bytes; an ATR has 2 to 33";
  if (atr[0] != 0x3B && atr[0] != 0x3F) return "TS must be 3B or 3F";
  std::size_t expected = 2;  // TS, T0
  bool needs_tck = false;
  std::uint8_t indicator = atr[1];  // T0, then each TDi: high nibble says which of TA..TD follow
  std::size_t at = 1;
  for (;;) {
    const int following = std::popcount(static_cast<unsigned>(indicator >> 4));
    expected += following;
    if (!(indicator & 0x80)) break;
    at += following;  // TDi is the last of them
    if (at >= atr.size()) break;
    indicator = atr[at];
    if ((indicator & 0x0F) != 0) needs_tck = true;
  }
  expected += atr[1] & 0x0F;  // K historical bytes
  if (needs_tck) ++expected;
  if (atr.size() != expected)
    return std::to_string(atr.size()) + " bytes, but T0 and the interface bytes call for " +
           std::to_string(expected) + (needs_tck ? " (TCK included)" : "");
  if (needs_tck) {
    std::uint8_t check = 0;
    for (std::size_t i = 1; i < atr.size(); ++i) check ^= atr[i];
    if (check != 0) return "TCK is wrong (T0 to TCK must XOR to 00)";
  }
  return {};
}

std::string parse_atr_choice(const std::string& text, Bytes& atr) {
  if (text.empty() || text == "contact") {
    atr.clear();
    return {};
  }
  if (text == "contactless") {
    atr = card::contactless_atr();
    return {};
  }
  Bytes parsed;
  if (!from_hex(text, parsed))
    return "--atr " + text + ": not contact, contactless or an ATR in hex";
  if (const std::string problem = check_atr(parsed); !problem.empty())
    return "--atr " + text + ": " + problem;
  atr = parsed;
  return {};
}

}  // namespace mynasim::tools
