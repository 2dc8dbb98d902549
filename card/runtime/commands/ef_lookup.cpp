// Finding the EF a command talks about: by FID, by short EF identifier, or the current one.
#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {

const EfSpec* find_ef_here(const CardState& card, std::uint16_t fid) {
  if (card.current_df) return card.current_df->find_ef(fid);
  for (const auto& ef : card.profile.mf_efs)
    if (ef.fid == fid) return &ef;
  return nullptr;
}

EfLookup ef_from_key_reference(const CardState& card, std::uint8_t p2) {
  if (p2 == 0x80) {
    if (!card.current_ef) return {nullptr, iso7816::sw::kCommandNotAllowedNoEf};
    return {card.current_ef, iso7816::sw::kSuccess};
  }
  // Short EF identifiers are 1..30 (b5-b1); the JPKI files all sit in 0001..001E.
  std::uint8_t sfi = p2 & 0x1F;
  if ((p2 & 0xE0) != 0x80 || sfi == 0 || sfi == 0x1F) return {nullptr, iso7816::sw::kIncorrectP1P2};
  const EfSpec* ef = find_ef_here(card, sfi);
  if (!ef) return {nullptr, iso7816::sw::kReferencedDataNotFound};
  return {ef, iso7816::sw::kSuccess};
}

BinaryTarget binary_target(CardState& card, const CommandApdu& command) {
  if (command.p1 & 0x80) {
    const std::uint8_t sfi = command.p1 & 0x1F;
    if ((command.p1 & 0x60) || sfi == 0 || sfi == 0x1F)
      return {nullptr, 0, iso7816::sw::kIncorrectP1P2};
    const EfSpec* ef = find_ef_here(card, sfi);
    if (!ef) return {nullptr, 0, iso7816::sw::kFileNotFound};
    card.current_ef = ef;
    return {ef, command.p2, iso7816::sw::kSuccess};
  }
  if (!card.current_ef) return {nullptr, 0, iso7816::sw::kCommandNotAllowedNoEf};
  return {card.current_ef, (static_cast<std::size_t>(command.p1) << 8) | command.p2,
          iso7816::sw::kSuccess};
}

}  // namespace mynasim::card::commands
