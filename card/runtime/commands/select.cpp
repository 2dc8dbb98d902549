// SELECT FILE (00 A4). What the real card answers (reference §1, §3):
//   04 0C / 04 00  DF by name: the first DF whose name starts with the 1..16 bytes given (a
//                  prefix of any length from one byte, as myna-card's scan-aid-roots and
//                  select-prefix probes found on a card); none -> 6A82. No data is returned:
//                  myna-card's probes record only the status word, and no source shows FCI.
//   04 02 / 04 0E  DF by name, next occurrence: the first DF after the current one (in the
//                  order the card searches) whose name starts with the bytes given; none ->
//                  6A82 and the current DF stays (myna-card enumerate-occurrences stops there).
//   02 0C / 02 00  EF by FID in the current DF; unknown -> 6A82.
//   00 00 / 00 0C  without data: 6A86 at the MF level, a no-op 9000 when a DF is current.
//                  with a FID: 3F00 -> 6A82 (the MF cannot be selected), else as 02.
//   anything else  6A86.
// The card searches the ISD first, then the DFs in profile order. Selecting a DF makes it
// current, no EF current, and clears the verified state; selecting the ISD's AID goes back to
// the power-on (MF-level) state. A failed SELECT changes nothing.
#include <algorithm>

#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {
namespace {

using namespace iso7816::sw;

bool is_prefix_of(ByteView name, ByteView aid) {
  return name.size() <= aid.size() && std::equal(name.begin(), name.end(), aid.begin());
}

// The named things in the order the card searches them: 0 = the ISD, i + 1 = profile.dfs[i].
std::size_t candidate_count(const CardProfile& profile) {
  return profile.dfs.size() + 1;
}
ByteView candidate_name(const CardProfile& profile, std::size_t index) {
  return index == 0 ? ByteView(profile.isd_aid) : ByteView(profile.dfs[index - 1].aid);
}
std::size_t current_index(const CardState& card) {
  if (!card.current_df) return 0;
  return static_cast<std::size_t>(card.current_df - card.profile.dfs.data()) + 1;
}

void select_candidate(CardState& card, std::size_t index) {
  if (index == 0) {
    card.select_mf_level();
    return;
  }
  card.current_df = &card.profile.dfs[index - 1];
  card.current_ef = nullptr;
  if (card.profile.choices.select_df_clears_security) card.security.clear();
}

ResponseApdu select_by_name(CardState& card, const CommandApdu& command, bool next_occurrence) {
  const ByteView name = command.data;
  if (name.empty()) return status(kWrongLength);
  const std::size_t first = next_occurrence ? current_index(card) + 1 : 0;
  for (std::size_t i = first; i < candidate_count(card.profile); ++i) {
    if (!is_prefix_of(name, candidate_name(card.profile, i))) continue;
    select_candidate(card, i);
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
  // P2: b2-b1 = first (00) or next (10) occurrence; b4-b3 = FCI (00) or no data (11).
  const bool fci_or_none = command.p2 == 0x0C || command.p2 == 0x00;
  const bool next_occurrence = command.p2 == 0x02 || command.p2 == 0x0E;
  switch (command.p1) {
    case 0x04:
      if (!fci_or_none && !next_occurrence) return status(kIncorrectP1P2);
      return select_by_name(card, command, next_occurrence);
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
