#include "reader/client/interruption.hpp"

namespace mynasim::client {
namespace {

// pcsclite.h's values (its headers stay private to reader/pcsc).
constexpr long kRemovedCard = 0x80100069L;    // SCARD_W_REMOVED_CARD
constexpr long kResetCard = 0x80100068L;      // SCARD_W_RESET_CARD
constexpr long kNoSmartcard = 0x8010000CL;    // SCARD_E_NO_SMARTCARD
constexpr long kNotTransacted = 0x80100016L;  // SCARD_E_NOT_TRANSACTED

}  // namespace

std::optional<Interruption> interruption_of(const pcsc::PcscError& error, bool card_present) {
  const long code = error.code();
  if (code == kRemovedCard || code == kNoSmartcard) return Interruption::kRemoved;
  if (code == kResetCard) return Interruption::kReset;
  if (code == kNotTransacted) return card_present ? Interruption::kMute : Interruption::kRemoved;
  return std::nullopt;
}

std::string describe(Interruption interruption, const std::string& operation,
                     const std::string& not_done) {
  std::string text;
  switch (interruption) {
    case Interruption::kRemoved:
      text = "the card was removed during " + operation;
      break;
    case Interruption::kReset:
      text = "the card was reset by another program during " + operation;
      break;
    case Interruption::kMute:
      text = "the card did not answer within the reader's timeout during " + operation;
      break;
  }
  if (!not_done.empty()) text += "; " + not_done;
  if (interruption == Interruption::kReset) text += "; run again";
  return text;
}

}  // namespace mynasim::client
