#include "reader/emulator/t0_atr.hpp"

#include <optional>
#include <vector>

#include "iso7816/atr.hpp"

namespace mynasim::emulator {

Bytes t0_only_atr(ByteView atr, std::string& problem) {
  const std::optional<iso7816::Atr> parsed = iso7816::parse_atr(atr, problem);
  if (!parsed) return {};
  const std::vector<iso7816::AtrGroup>& groups = parsed->groups;
  const std::size_t historical = parsed->historical.size();

  const iso7816::AtrGroup& global = groups[0];
  std::optional<std::uint8_t> ta2;
  if (groups.size() > 1 && groups[1].ta) ta2 = static_cast<std::uint8_t>(*groups[1].ta & 0xF0);
  // The first group announced by a TD naming T=15 (global bytes after TD2 or later).
  const iso7816::AtrGroup* t15 = nullptr;
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
  append(out, parsed->historical);
  if (t15) {
    std::uint8_t check = 0;
    for (std::size_t i = 1; i < out.size(); ++i) check ^= out[i];
    out.push_back(check);
  }
  return out;
}

}  // namespace mynasim::emulator
