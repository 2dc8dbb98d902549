// What a key reference (a PIN, a password, a 照合番号) says about itself: the answer to the empty
// VERIFY that never spends a try, and the answer to a VERIFY with a value. Shared by every
// application client, since every application of the card reports these the same way.
#pragma once

#include <cstdint>
#include <string>

namespace mynasim::client {

// An empty VERIFY says how many tries are left, never whether the key is verified: a real card
// answers 63Cx right after a right VERIFY too (OpenSC PR 959's trace), so a client keeps the login
// state itself, as OpenSC does.
struct PinStatus {
  enum class State {
    kTriesLeft,
    kBlocked,
    kUnlimited,    // 6300: a key with no retry counter
    kNotReported,  // 9000: no count (myna-card tolerates it; no real-card trace shows it)
  };
  State state = State::kTriesLeft;
  int tries_left = 0;  // with kTriesLeft
};

struct VerifyResult {
  bool ok = false;
  int tries_left = -1;  // after a wrong value
  bool blocked = false;
  std::uint16_t sw = 0;
};

// The status an empty VERIFY's word means: 63Cx x tries (63C0 blocked), 6983/6984 blocked, 6300 no
// limit, 9000 no count. Any other word throws CardError naming `what`.
PinStatus pin_status_from(std::uint16_t sw, const std::string& what);

// The result a VERIFY with a value answered.
VerifyResult verify_result_from(std::uint16_t sw);

}  // namespace mynasim::client
