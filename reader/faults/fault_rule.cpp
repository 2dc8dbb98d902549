#include "reader/faults/fault_rule.hpp"

#include <algorithm>

#include "iso7816/apdu.hpp"

namespace mynasim::reader::faults {

const char* action_name(ActionKind kind) {
  switch (kind) {
    case ActionKind::kRemove:
      return "remove";
    case ActionKind::kMute:
      return "mute";
    case ActionKind::kDelay:
      return "delay";
    case ActionKind::kSw:
      return "sw";
    case ActionKind::kCorrupt:
      return "corrupt";
    case ActionKind::kReset:
      return "reset";
    case ActionKind::kPowerLoss:
      return "power_loss";
    case ActionKind::kFieldLoss:
      return "field_loss";
  }
  return "?";
}

const char* when_name(When when) {
  switch (when) {
    case When::kBefore:
      return "before";
    case When::kDuring:
      return "during";
    case When::kAfter:
      return "after";
  }
  return "?";
}

bool matches(const Match& match, ByteView command) {
  if (command.size() < 4) return false;  // not a command: nothing to match
  auto same = [](const std::optional<std::uint8_t>& want, std::uint8_t got) {
    return !want || *want == got;
  };
  if (!same(match.cla, command[0]) || !same(match.ins, command[1]) || !same(match.p1, command[2]) ||
      !same(match.p2, command[3]))
    return false;
  if (!match.data_prefix) return true;
  // Only a well-formed command has a data field to compare.
  const iso7816::ParsedCommand parsed = iso7816::parse_command(command);
  const Bytes& data = parsed.command.data;
  const Bytes& prefix = *match.data_prefix;
  return parsed.ok() && data.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), data.begin());
}

bool is_contactless_atr(ByteView atr) {
  if (atr.size() < 5 || atr[0] != 0x3B || (atr[1] & 0xF0) != 0x80 || atr[2] != 0x80 ||
      atr[3] != 0x01)
    return false;
  const std::size_t historical = atr[1] & 0x0F;
  return atr.size() == 4 + historical + 1;  // TCK last
}

}  // namespace mynasim::reader::faults
