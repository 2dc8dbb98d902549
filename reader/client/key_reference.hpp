// What a key reference (a PIN, a password, a 照合番号) says about itself: the answer to the empty
// VERIFY that never spends a try, and the answer to a VERIFY with a value. Shared by every
// application client, since every application of the card reports these the same way.
#pragma once

#include <cstdint>
#include <string>

namespace mynasim::client {

struct PinStatus {
  enum class State { kTriesLeft, kBlocked, kVerified };
  State state = State::kTriesLeft;
  int tries_left = 0;  // with kTriesLeft
};

struct VerifyResult {
  bool ok = false;
  int tries_left = -1;  // after a wrong value
  bool blocked = false;
  std::uint16_t sw = 0;
};

// The status an empty VERIFY's word means: 9000 verified, 63Cx x tries (63C0 blocked), 6983/6984
// blocked. Any other word throws CardError naming `what`.
PinStatus pin_status_from(std::uint16_t sw, const std::string& what);

// The result a VERIFY with a value answered.
VerifyResult verify_result_from(std::uint16_t sw);

}  // namespace mynasim::client
