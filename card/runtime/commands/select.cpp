// SELECT FILE (00 A4). What the real card answers (reference §1, §3):
//   04 0C / 04 00  DF by name, full AID or a prefix of one; unknown -> 6A82. No FCI is returned
//                  (P2=00 is answered like 0C: the card has no FCI to give; our choice).
//   02 0C / 02 00  EF by FID in the current DF; unknown -> 6A82.
//   00 00 / 00 0C  without data: 6A86 at the MF level, a no-op 9000 when a DF is current.
//                  with a FID: 3F00 -> 6A82 (the MF cannot be selected), else as 02.
//   anything else  6A86.
// Selecting a DF makes it current, no EF current, and clears the verified state; selecting the
// ISD's AID goes back to the power-on (MF-level) state. A failed SELECT changes nothing.
#include <algorithm>

#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {
namespace {

using namespace iso7816::sw;

bool is_prefix_of(ByteView name, ByteView aid) {
  return name.size() <= aid.size() && std::equal(name.begin(), name.end(), aid.begin());
}

ResponseApdu select_by_name(CardState& card, const CommandApdu& command) {
  const ByteView name = command.data;
  if (name.empty()) return status(kWrongLength);
  if (name.size() < card.profile.choices.min_aid_prefix) return status(kFileNotFound);
  if (is_prefix_of(name, card.profile.isd_aid)) {
    card.select_mf_level();
    return status(kSuccess);
  }
  // The first DF, in profile order, whose name starts with the given bytes (JICSAP 4.2(1)).
  for (const auto& df : card.profile.dfs) {
    if (!is_prefix_of(name, df.aid)) continue;
    card.current_df = &df;
    card.current_ef = nullptr;
    if (card.profile.choices.select_df_clears_security) card.security.clear();
    return status(kSuccess);
  }
  return status(kFileNotFound);
}

ResponseApdu select_ef(CardState& card, const CommandApdu& command) {
  if (command.data.size() != 2) return status(kWrongLength);
  const std::uint16_t fid = read_u16(command.data, 0);
  if (fid == 0x3F00) return status(kFileNotFound);
  const EfSpec* ef = find_ef_here(card, fid);
  if (!ef) return status(kFileNotFound);
  card.current_ef = ef;
  return status(kSuccess);
}

}  // namespace

ResponseApdu select_file(CardState& card, const CommandApdu& command) {
  const bool fci_or_none = command.p2 == 0x0C || command.p2 == 0x00;
  switch (command.p1) {
    case 0x04:
      if (!fci_or_none) return status(kIncorrectP1P2);
      return select_by_name(card, command);
    case 0x02:
      if (!fci_or_none) return status(kIncorrectP1P2);
      return select_ef(card, command);
    case 0x00:
      if (!fci_or_none) return status(kIncorrectP1P2);
      if (command.data.empty()) return status(card.current_df ? kSuccess : kIncorrectP1P2);
      return select_ef(card, command);
    default:
      return status(kIncorrectP1P2);
  }
}

}  // namespace mynasim::card::commands
