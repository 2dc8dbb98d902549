// The text application's secure-messaging session (card/runtime/secure_messaging.hpp runs it):
// RAM only, held with the security state and cleared with it (power on, reset, SELECT of a DF).
#pragma once

#include <cstdint>

#include "card/crypto/aes128.hpp"

namespace mynasim::card {

struct SmSession {
  enum class State : std::uint8_t {
    kNone,    // no SET SESSION KEY since the last clear: SM CLAs get the card's fixed answers
    kOpen,    // a key was delivered: CLA 08 VERIFY, SELECT and READ BINARY are taken
    kBroken,  // an SM error (6987, 6988) destroyed it: every SM command answers 69FC
  };
  State state = State::kNone;
  crypto::Aes128Key key{};
  std::uint32_t counter = 0;  // N of the next SM command: 1 after SET SESSION KEY

  void clear() {
    secure_wipe(key);
    state = State::kNone;
    counter = 0;
  }
};

}  // namespace mynasim::card
