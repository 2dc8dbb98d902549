// One fault of a faults file (docs/faults.md): which commands it matches, when it fires among
// them, and what it does then. Plain data; the parser (fault_plan) makes them, the engine
// (fault_engine) counts and decides, FaultyCard acts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::reader::faults {

// Every present field must equal the command's; an empty match takes every command.
struct Match {
  std::optional<std::uint8_t> cla, ins, p1, p2;
  std::optional<Bytes> data_prefix;  // the command data field starts with these bytes
};

// At most one of nth, every, after_commands; probability applies on top of whichever is given.
// None given: every matching command.
struct Trigger {
  std::optional<std::uint64_t> nth;             // the nth matching command only (1 = the first)
  std::optional<std::uint64_t> every;           // matching commands number every, 2*every, ...
  std::optional<std::uint64_t> after_commands;  // once: the first match after that many commands
  std::optional<double> probability;            // 0..1, drawn from the seeded generator
};

enum class ActionKind { kRemove, kMute, kDelay, kSw, kCorrupt, kReset, kPowerLoss, kFieldLoss };
enum class When { kBefore, kDuring, kAfter };

struct Action {
  ActionKind kind = ActionKind::kMute;
  When when = When::kDuring;  // remove
  int reinsert_ms = -1;       // remove, power_loss, field_loss; -1: the card stays out
  double delay_ms = 0;        // delay
  std::uint16_t sw = 0;       // sw
  unsigned bits = 1;          // corrupt
  int step = 1;               // power_loss
};

struct Rule {
  Match match;
  Trigger trigger;
  Action action;
  std::string name;    // optional label, copied into the fault log
  std::string source;  // the rule as given, compact JSON (what `fault list` shows)
};

// The action's name in faults files and in the fault log: "remove", "mute", ...
const char* action_name(ActionKind kind);
const char* when_name(When when);

// Whether a command APDU (header and data as sent) satisfies the match.
bool matches(const Match& match, ByteView command);

// A PC/SC part-3 ATR, which a reader builds for a contactless card: 3B 8n 80 01, n historical
// bytes, TCK. field_loss needs the reader to present one (docs/faults.md).
bool is_contactless_atr(ByteView atr);

}  // namespace mynasim::reader::faults
