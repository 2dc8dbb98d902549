// What the reader link needs from a card: power events and APDUs. tools/mynasim puts a
// card::Card behind it; tests put a scripted card behind it. No card/ include here.
#pragma once

#include "iso7816/bytes.hpp"

namespace mynasim::reader {

class CardEndpoint {
 public:
  virtual ~CardEndpoint() = default;
  // The ATR the reader reports (the card's, or one the user chose for this reader).
  virtual Bytes atr() = 0;
  virtual void power_on() = 0;
  virtual void reset() = 0;
  // Also called when the card leaves the reader: state must be durable afterwards.
  virtual void power_off() = 0;
  // A command APDU in, the response (data + SW1 SW2) out. Empty means "the card is mute".
  virtual Bytes transmit(ByteView command) = 0;
};

}  // namespace mynasim::reader
