// What a user is told when the card goes away mid-operation: the PC/SC code (and whether the
// reader still holds a card) decide removed, reset or mute (reader/PROTOCOL.md, Faults).
#include "reader/client/interruption.hpp"

#include <catch2/catch.hpp>

namespace client = mynasim::client;
using client::Interruption;
using mynasim::pcsc::PcscError;
using mynasim::pcsc::PcscErrorKind;

namespace {

std::optional<Interruption> of(long code, bool present) {
  return client::interruption_of(PcscError(PcscErrorKind::kOther, code, "x"), present);
}

}  // namespace

TEST_CASE("interruption: removed, reset or mute from the PC/SC code and the reader's state") {
  CHECK(of(0x80100069L, true) == Interruption::kRemoved);   // SCARD_W_REMOVED_CARD
  CHECK(of(0x8010000CL, false) == Interruption::kRemoved);  // SCARD_E_NO_SMARTCARD
  CHECK(of(0x80100068L, true) == Interruption::kReset);     // SCARD_W_RESET_CARD
  // SCARD_E_NOT_TRANSACTED: a real reader's code for a card pulled or mute mid-command.
  CHECK(of(0x80100016L, false) == Interruption::kRemoved);
  CHECK(of(0x80100016L, true) == Interruption::kMute);
  CHECK(of(0x8010000BL, true) == std::nullopt);  // SCARD_E_SHARING_VIOLATION: something else
}

TEST_CASE("interruption: the messages name the operation and what did not happen") {
  CHECK(client::describe(Interruption::kRemoved, "the signature", "nothing was signed") ==
        "the card was removed during the signature; nothing was signed");
  CHECK(client::describe(Interruption::kReset, "the signature", "nothing was signed") ==
        "the card was reset by another program during the signature; nothing was signed; run "
        "again");
  CHECK(client::describe(Interruption::kMute, "the PIN check", "") ==
        "the card did not answer within the reader's timeout during the PIN check");
}
