// A simulated card: the public face of card/. Bytes in, bytes out, power events; nothing else.
// Everything the card knows lives in its image (Env::storage); no API hands out a private key.
#pragma once

#include <memory>
#include <string>

#include "card/env.hpp"
#include "card/runtime/profile.hpp"
#include "iso7816/apdu.hpp"

namespace mynasim::card {

struct CardState;

class Card {
 public:
  ~Card();
  Card(const Card&) = delete;
  Card& operator=(const Card&) = delete;

  struct LoadResult {
    std::unique_ptr<Card> card;  // null on failure
    std::string error;           // names the image and the problem
  };

  // Loads a personalized card from env.storage. Refuses an image written under another profile.
  static LoadResult load(Env& env, const CardProfile& profile);

  const Bytes& atr() const;

  // Cold start (power on) and warm reset: the MF level (ISD) is selected, no EF is current, every
  // security state is cleared.
  void power_on();
  void reset();
  // Makes lazily written state durable; the card answers nothing until the next power_on().
  void power_off();

  // One command APDU in, the response (data + SW1 SW2) out. A malformed APDU gets 6700.
  Bytes transmit(ByteView command);
  iso7816::ResponseApdu process(const iso7816::CommandApdu& command);

 private:
  explicit Card(std::unique_ptr<CardState> state);
  std::unique_ptr<CardState> state_;
};

}  // namespace mynasim::card
