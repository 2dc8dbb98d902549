#include "iso7816/atr.hpp"

namespace mynasim::iso7816 {

std::optional<Atr> parse_atr(ByteView atr, std::string& problem) {
  if (atr.size() < 2 || (atr[0] != 0x3B && atr[0] != 0x3F)) {
    problem = "not an ATR (TS must be 3B or 3F)";
    return std::nullopt;
  }
  Atr parsed;
  parsed.ts = atr[0];
  std::size_t at = 2;
  std::uint8_t indicator = atr[1];  // T0, then each TDi: which of TA..TD follow
  int protocol = -1;
  for (;;) {
    // The bytes the indicator announces, TD included: all of them must be there.
    int count = 0;
    for (std::uint8_t bit = 0x10; bit; bit = static_cast<std::uint8_t>(bit << 1))
      if (indicator & bit) ++count;
    if (at + count > atr.size()) {
      problem = "the ATR ends inside its interface bytes";
      return std::nullopt;
    }
    AtrGroup group;
    group.protocol = protocol;
    if (indicator & 0x10) group.ta = atr[at++];
    if (indicator & 0x20) group.tb = atr[at++];
    if (indicator & 0x40) group.tc = atr[at++];
    parsed.groups.push_back(group);
    if (!(indicator & 0x80)) break;
    indicator = atr[at++];
    protocol = indicator & 0x0F;
  }
  const std::size_t historical = atr[1] & 0x0F;
  if (at + historical > atr.size()) {
    problem = "the ATR is shorter than its historical bytes";
    return std::nullopt;
  }
  parsed.historical.assign(atr.begin() + at, atr.begin() + at + historical);
  at += historical;
  if (at < atr.size()) parsed.tck = atr[at];
  return parsed;
}

}  // namespace mynasim::iso7816
