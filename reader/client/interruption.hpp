// Why an exchange with the card broke off, in the words a user needs: the card was removed, reset
// by another program, or stayed mute until the reader gave up. The PC/SC codes behind each are
// those of pcsc-lite with a real CCID reader (reader/PROTOCOL.md, "Faults: what the host sees").
#pragma once

#include <optional>
#include <string>

#include "reader/pcsc/pcsc_error.hpp"

namespace mynasim::client {

enum class Interruption { kRemoved, kReset, kMute };

// SCARD_W_REMOVED_CARD / SCARD_E_NO_SMARTCARD: removed. SCARD_W_RESET_CARD: reset.
// SCARD_E_NOT_TRANSACTED: removed if the reader is now empty, else the card stayed mute (the
// reader's timeout: a real reader gives this code for both). Anything else: nullopt.
std::optional<Interruption> interruption_of(const pcsc::PcscError& error, bool card_present);

// "the card was removed during the signature; nothing was signed" ... `not_done` may be empty.
std::string describe(Interruption interruption, const std::string& operation,
                     const std::string& not_done);

}  // namespace mynasim::client
