// Which application (DF) and file (EF) a replayed command addresses: followed along the trace
// from the SELECTs the trace's card accepted, so the comparison knows that a READ BINARY reads
// JPKI's certificate EF 000A, that 80 2A signs with key 0017, or which PIN a masked VERIFY sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "iso7816/apdu.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::tools::replay {

// The card's applications by AID (pin_catalog's, and the GlobalPlatform ISD at power on).
enum class App : std::uint8_t { kNone, kJpki, kText, kSurface, kCommon, kJuki, kOther };
const char* app_name(App app);

class FileTracker {
 public:
  // Power on, reset, power off, a new card: back to the MF level, no EF.
  void power();
  // After the card answered `sw` to `command`.
  void observe(const iso7816::CommandApdu& command, std::uint16_t sw);

  App app() const { return app_; }
  const Bytes& df() const { return df_; }
  // The EF `command` works on: a short EF identifier in P1 (READ BINARY 80+SFI) or P2 (VERIFY,
  // 80 2A, READ RECORD), else the current EF.
  std::optional<std::uint16_t> addressed_ef(const iso7816::CommandApdu& command) const;

 private:
  App app_ = App::kNone;
  Bytes df_;
  std::optional<std::uint16_t> ef_;
};

// The AID (or the first one in profile order that starts with the given prefix) of a SELECT by
// DF name; the bytes as given when no known application matches.
App app_of(ByteView df_name, Bytes& aid);

}  // namespace mynasim::tools::replay
