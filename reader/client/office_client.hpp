// The municipal office's side of a card: issuer authentication and the administrative commands
// behind it (the card's side: card/runtime/commands/office_commands.cpp), as typed calls over a
// Channel. The office's private key stays with the caller: it signs through `Signer`.
#pragma once

#include <cstdint>
#include <functional>

#include "iso7816/bytes.hpp"
#include "reader/client/card_error.hpp"
#include "reader/client/channel.hpp"
#include "reader/client/secret.hpp"

namespace mynasim::client {

class OfficeClient {
 public:
  // Returns the office's signature for a challenge of the card with this serial.
  using Signer = std::function<Bytes(ByteView challenge, ByteView card_serial)>;
  OfficeClient(Channel& channel, Signer signer) : channel_(channel), signer_(std::move(signer)) {}

  // The card's serial: bytes 80..95 of JPKI EF 0006 (selects the JPKI application).
  Bytes card_serial();
  // SELECT of the application `aid`, GET CHALLENGE, EXTERNAL AUTHENTICATE. The authentication
  // lasts until the next SELECT of an application or reset. Throws CardError (63Cx: the card
  // does not know this office key; x tries of the office key left; 6A88: no office key).
  void open(ByteView aid, ByteView card_serial);
  // In the application opened: RESET RETRY COUNTER of the key reference `fid`, with a new value
  // (P1=02) or keeping the value (P1=03, new_value null). Throws CardError.
  void reset_retry_counter(std::uint16_t fid, const Secret* new_value);
  // In the JPKI application opened: writes a certificate EF whole (UPDATE BINARY in parts; the
  // card stores it only once whole and checked). Throws CardError.
  void write_certificate(std::uint16_t fid, ByteView der);

 private:
  iso7816::ResponseApdu send(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, Bytes data,
                             std::uint32_t ne = 0);
  void select_ef(std::uint16_t fid);
  Channel& channel_;
  Signer signer_;
};

}  // namespace mynasim::client
