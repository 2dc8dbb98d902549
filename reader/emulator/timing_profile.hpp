// A card's timing as data (`mynasim exec|run --timing contact|contactless|FILE`): how long the
// card takes per kind of command, with the source of every number in the file. The format and
// the sources: docs/timing-and-t0.md; the shipped profiles: profiles/timing/*.json.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::emulator {

// The kinds of command a profile times; every other command is kDefault.
enum class CommandClass : std::uint8_t {
  kSelect,        // INS A4
  kReadBinary,    // INS B0, B1 (and READ RECORD B2)
  kVerify,        // INS 20
  kSign,          // CLA 80 INS 2A (COMPUTE DIGITAL SIGNATURE)
  kGetChallenge,  // INS 84
  kDefault,
};
inline constexpr std::size_t kCommandClasses = 6;

// The names used in the file's "commands" object, in CommandClass order.
const char* command_class_name(CommandClass kind);
CommandClass classify(ByteView command);

struct CommandTiming {
  double ms = 0;                // fixed part
  double per_256_bytes_ms = 0;  // plus this per 256 bytes of response data (pro rata)
};

struct TimingProfile {
  std::string name;           // the file's "profile", or the file name
  std::uint64_t seed = 0;     // of the jitter: the same seed and commands give the same waits
  double jitter_percent = 0;  // each wait is scaled by a uniform factor in 1 ± this / 100
  std::array<CommandTiming, kCommandClasses> commands{};
};

// The largest wait a profile may ask for: the reader gives up on a card after 60 s
// (reader/PROTOCOL.md), so a longer one would be a mute card, not a slow one.
inline constexpr double kMaxLatencyMs = 60000;

// Parses a profile; `file` names it in messages. On bad input returns nullopt and sets `error` to
// "FILE:LINE:COLUMN: ..." for text that is not JSON, else "FILE: ENTRY: FIELD: problem", e.g.
// "fast.json: commands.sign: ms: -5 is negative".
std::optional<TimingProfile> parse_timing_profile(const std::string& text, const std::string& file,
                                                  std::string& error);

// `choice` is contact, contactless (the shipped profiles, found as find_driver finds the driver:
// next to the program installed, else in this source tree) or a file. nullopt and `error` when
// it cannot be read or does not parse.
std::optional<TimingProfile> load_timing_profile(const std::string& choice, std::string& error);

// The wait before answering `command` with `response_data` bytes of data, jitter not applied.
std::chrono::nanoseconds base_latency(const TimingProfile& profile, ByteView command,
                                      std::size_t response_data);

}  // namespace mynasim::emulator
