#include "tools/mynasim/atr_choice.hpp"

#include <optional>
#include <string>

#include "card/apps/card_profiles.hpp"
#include "iso7816/atr.hpp"

namespace mynasim::tools {

std::string check_atr(ByteView atr) {
  if (atr.size() < 2 || atr.size() > 33)
    return std::to_string(atr.size()) + " bytes; an ATR has 2 to 33";
  std::string problem;
  const std::optional<iso7816::Atr> parsed = iso7816::parse_atr(atr, problem);
  if (!parsed) return problem;
  // TS, T0, every TDi (one per group after the first) and the bytes of each group.
  std::size_t expected = 2 + parsed->groups.size() - 1 + parsed->historical.size();
  bool needs_tck = false;  // any protocol other than T=0 indicated (ISO 7816-3 §8.2.5)
  for (const iso7816::AtrGroup& group : parsed->groups) {
    expected += group.ta.has_value() + group.tb.has_value() + group.tc.has_value();
    if (group.protocol > 0) needs_tck = true;
  }
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
