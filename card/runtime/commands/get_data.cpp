// GET DATA (00 CA tagH tagL Le): the MF-level data objects of the profile (reference §2.4,
// myna-card mf.rs). They answer only with no application selected (power on, reset, SELECT of the
// ISD), except those the profile marks (the contact ATR 5F51). The answer is the object's value.
//   unknown tag, or absent on this card, or a DF selected   -> 6A88
//   an object longer than 256 bytes with a short Le          -> 6700 (myna-card: the card refuses
//                                                               a short Le for the CV certificates
//                                                               rather than telling the length)
//   a data field, or no Le                                   -> 6700
// A shorter Le than the object gets its first Le bytes.
#include <algorithm>

#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {

using namespace iso7816::sw;

ResponseApdu get_data(CardState& card, const CommandApdu& command) {
  if (!command.data.empty() || !command.has_le) return status(kWrongLength);
  const std::uint16_t tag = static_cast<std::uint16_t>((command.p1 << 8) | command.p2);
  const DataObjectSpec* object = card.profile.find_data_object(tag);
  if (!object || (card.current_df && !object->also_in_dfs)) return status(kReferencedDataNotFound);
  ByteView value = object->fixed;
  if (value.empty()) {
    const Bytes* written = card.store.get(object_id(ObjectKind::kEfContent, 0, tag));
    if (written) value = *written;
  }
  if (value.empty()) return status(kReferencedDataNotFound);
  if (!command.extended && value.size() > 256) return status(kWrongLength);
  const std::size_t n = std::min<std::size_t>(command.ne, value.size());
  return ResponseApdu{Bytes(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(n)),
                      kSuccess};
}

}  // namespace mynasim::card::commands
