// The relay's virtual card: a reader::CardEndpoint that passes every call on, as the reader
// protocol's frames (reader/PROTOCOL.md), to a card served with reader/link's serve_driver at the
// other end of a socket, the relay's upstream process (relay_upstream.hpp). Once that end has
// gone, the card is mute and has no ATR, which the driver takes for a card that left.
#pragma once

#include "iso7816/bytes.hpp"
#include "reader/link/card_endpoint.hpp"
#include "reader/link/wire.hpp"

namespace mynasim::tools {

class ForwardedCard final : public reader::CardEndpoint {
 public:
  explicit ForwardedCard(int fd);  // not owned

  Bytes atr() override;
  void power_on() override;
  void reset() override;
  void power_off() override;
  Bytes transmit(ByteView command) override;

 private:
  Bytes ask(ByteView request);   // the answer, or empty when the other end is gone
  void tell(std::uint8_t code);  // power events have no answer

  reader::wire::FrameChannel channel_;
};

}  // namespace mynasim::tools
