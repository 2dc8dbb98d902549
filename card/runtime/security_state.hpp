// Which key references have been verified since the last power on, reset or SELECT of a DF.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "card/runtime/profile.hpp"
#include "card/runtime/sm_session.hpp"

namespace mynasim::card {

// The municipal office's session (card/runtime/commands/office_commands.cpp): the last GET
// CHALLENGE (single use), whether EXTERNAL AUTHENTICATE proved the issuer, and a certificate being
// written in parts by UPDATE BINARY (committed to the image only when whole). RAM only.
struct IssuerSession {
  Bytes challenge;
  bool authenticated = false;
  std::uint16_t staged_fid = 0;  // the JPKI EF being written (0: none)
  Bytes staged;                  // what has been written to it so far
};

class SecurityState {
 public:
  // Room for every PIN a profile has, from the start: a card that verifies one then allocates
  // nothing (a test bench that makes one card object play many sessions, tests/fuzz, counts
  // allocations per session to look for leaks).
  SecurityState() { verified_.reserve(kRoomForPins); }
  void clear() {
    verified_.clear();
    issuer = {};
    secure_messaging.clear();
  }
  void set_verified(std::uint16_t pin_fid) {
    if (!is_verified(pin_fid)) verified_.push_back(pin_fid);
  }
  void clear_verified(std::uint16_t pin_fid) { std::erase(verified_, pin_fid); }
  bool is_verified(std::uint16_t pin_fid) const {
    return std::find(verified_.begin(), verified_.end(), pin_fid) != verified_.end();
  }
  bool satisfies(const AccessRule& rule) const {
    switch (rule.kind) {
      case AccessRule::Kind::kFree:
        return true;
      case AccessRule::Kind::kNever:
        return false;
      case AccessRule::Kind::kPin:
        for (auto fid : rule.pins)
          if (fid != 0 && is_verified(fid)) return true;
        return false;
    }
    return false;
  }

  IssuerSession issuer;        // cleared with the rest: power on, reset, SELECT of a DF
  SmSession secure_messaging;  // likewise (the text application's session, myna-card sm.rs)

 private:
  static constexpr std::size_t kRoomForPins = 8;
  std::vector<std::uint16_t> verified_;
};

}  // namespace mynasim::card
