// READ BINARY (00 B0) and READ RECORD (00 B2).
//
// READ BINARY: P1 b8=0 -> 15-bit offset in the current EF; P1 = 100xxxxx -> short EF identifier
// xxxxx (the EF becomes current), P2 = 8-bit offset. Le=00 means 256; an extended Le may ask for
// more (our choice: the reader advertises 64 KiB APDUs, and OpenSC will use them). A read that
// runs past the end returns what there is (short read, 9000); an offset at or past the end answers
// 6B00 (reference §3). No Le -> 6700; a data field -> 6700.
//
// READ RECORD: P1 = record number (1-based), P2 = 04 (current EF) or SFI<<3 | 04.
#include <algorithm>

#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {
namespace {

using namespace iso7816::sw;

// The checks both reads share once the EF is known: type, then access.
std::uint16_t check_readable(const CardState& card, const EfSpec& ef, EfType wanted) {
  if (ef.type != wanted) return kCommandIncompatibleWithFile;
  if (ef.read.kind == AccessRule::Kind::kNever) return kSecurityStatusNotSatisfied;
  if (!card.security.satisfies(ef.read)) return card.profile.choices.unverified_access_sw;
  return kSuccess;
}

}  // namespace

ResponseApdu read_binary(CardState& card, const CommandApdu& command) {
  if (!command.data.empty() || !command.has_le) return status(kWrongLength);
  const auto [ef, offset, target_sw] = binary_target(card, command);
  if (!ef) return status(target_sw);
  if (auto sw = check_readable(card, *ef, EfType::kTransparent); sw != kSuccess) return status(sw);
  const ByteView content = card.content(*ef);
  if (offset >= content.size()) return status(kWrongP1P2);
  const std::size_t n = std::min<std::size_t>(command.ne, content.size() - offset);
  ResponseApdu response;
  response.data.assign(content.begin() + static_cast<std::ptrdiff_t>(offset),
                       content.begin() + static_cast<std::ptrdiff_t>(offset + n));
  response.sw = kSuccess;
  return response;
}

ResponseApdu read_record(CardState& card, const CommandApdu& command) {
  if (!command.data.empty() || !command.has_le) return status(kWrongLength);
  if ((command.p2 & 0x07) != 0x04 || command.p1 == 0 || command.p1 == 0xFF)
    return status(kIncorrectP1P2);
  const std::uint8_t sfi = command.p2 >> 3;
  const EfSpec* ef = nullptr;
  if (sfi == 0) {
    ef = card.current_ef;
    if (!ef) return status(kCommandNotAllowedNoEf);
  } else {
    if (sfi == 0x1F) return status(kIncorrectP1P2);
    ef = find_ef_here(card, sfi);
    if (!ef) return status(kFileNotFound);
    card.current_ef = ef;
  }
  if (auto sw = check_readable(card, *ef, EfType::kRecord); sw != kSuccess) return status(sw);
  // Stored form: each record as a length byte followed by the record.
  const ByteView content = card.content(*ef);
  std::size_t at = 0;
  for (std::uint8_t number = 1; at < content.size(); ++number) {
    const std::size_t length = content[at];
    if (at + 1 + length > content.size()) break;
    if (number == command.p1) {
      const std::size_t n = std::min<std::size_t>(command.ne, length);
      ResponseApdu response;
      response.data.assign(content.begin() + static_cast<std::ptrdiff_t>(at + 1),
                           content.begin() + static_cast<std::ptrdiff_t>(at + 1 + n));
      response.sw = kSuccess;
      return response;
    }
    at += 1 + length;
  }
  return status(kRecordNotFound);
}

}  // namespace mynasim::card::commands
