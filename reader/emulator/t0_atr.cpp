#include "reader/emulator/t0_atr.hpp"

#include <optional>
#include <vector>

namespace mynasim::emulator {
namespace {

// One group of interface bytes: TAi..TCi, and the protocol of the TD that announced it (i >= 2).
struct Group {
  std::optional<std::uint8_t> ta, tb, tc;
  int protocol = -1;  // from TD(i-1); -1 for group 1 (global)
};

}  // namespace

Bytes t0_only_atr(ByteView atr, std::string& problem) {
  if (atr.size() < 2 || (atr[0] != 0x3B && atr[0] != 0x3F)) {
    problem = "not an ATR (TS must be 3B or 3F)";
    return {};
  }
  std::vector<Group> groups;
  std::size_t at = 2;
  std::uint8_t indicator = atr[1];
  int protocol = -1;
  for (;;) {
    Group group;
    group.protocol = protocol;
    bool truncated = false;
    auto next = [&]() -> std::optional<std::uint8_t> {
      if (at >= atr.size()) {
        truncated = true;
        return std::nullopt;
      }
      return atr[at++];
    };
    if (indicator & 0x10) group.ta = next();
    if (indicator & 0x20) group.tb = next();
    if (indicator & 0x40) group.tc = next();
    groups.push_back(group);
    if (!(indicator & 0x80) && !truncated) break;
    if (truncated || at >= atr.size()) {
      problem = "the ATR ends inside its interface bytes";
      return {};
    }
    indicator = atr[at++];
    protocol = indicator & 0x0F;
  }
  const std::size_t historical = atr[1] & 0x0F;
  if (at + historical > atr.size()) {
    problem = "the ATR is shorter than its historical bytes";
    return {};
  }
  const ByteView history = atr.subspan(at, historical);

  const Group& global = groups[0];
  std::optional<std::uint8_t> ta2;
  if (groups.size() > 1 && groups[1].ta) ta2 = static_cast<std::uint8_t>(*groups[1].ta & 0xF0);
  // The first group announced by a TD naming T=15 (global bytes after TD2 or later).
  const Group* t15 = nullptr;
  for (std::size_t i = 2; i < groups.size(); ++i)
    if (groups[i].protocol == 15 && (groups[i].ta || groups[i].tb || groups[i].tc)) {
      t15 = &groups[i];
      break;
    }

  Bytes out = {atr[0]};
  const bool td1 = ta2.has_value() || t15 != nullptr;
  std::uint8_t t0 = static_cast<std::uint8_t>(historical);
  if (global.ta) t0 |= 0x10;
  if (global.tb) t0 |= 0x20;
  if (global.tc) t0 |= 0x40;
  if (td1) t0 |= 0x80;
  out.push_back(t0);
  for (const auto& byte : {global.ta, global.tb, global.tc})
    if (byte) out.push_back(*byte);
  if (td1) {
    std::uint8_t td = 0x00;  // T=0
    if (ta2) td |= 0x10;
    if (t15) td |= 0x80;
    out.push_back(td);
    if (ta2) out.push_back(*ta2);
    if (t15) {
      std::uint8_t td2 = 0x0F;
      if (t15->ta) td2 |= 0x10;
      if (t15->tb) td2 |= 0x20;
      if (t15->tc) td2 |= 0x40;
      out.push_back(td2);
      for (const auto& byte : {t15->ta, t15->tb, t15->tc})
        if (byte) out.push_back(*byte);
    }
  }
  out.insert(out.end(), history.begin(), history.end());
  if (t15) {
    std::uint8_t check = 0;
    for (std::size_t i = 1; i < out.size(); ++i) check ^= out[i];
    out.push_back(check);
  }
  return out;
}

}  // namespace mynasim::emulator
