// Reading an APDU trace for `mynasim replay`: the mynasim trace format (JSON Lines,
// docs/trace-format.md) or a pcsc-spy log (pcsc_spy_reader.hpp), told apart by content. Both give
// the same list of exchanges and card events, each with the 1-based line it came from, so every
// later message can point at the file and the line.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "iso7816/apdu.hpp"
#include "reader/trace/card_event.hpp"

namespace mynasim::reader::trace {

// A file that is not a trace, or a line that breaks the format. what() is
// "FILE:LINE: problem" (LINE is 1-based), ready to print.
class TraceFormatError : public std::runtime_error {
 public:
  TraceFormatError(const std::string& file, std::size_t line, const std::string& problem);
  std::size_t line() const { return line_; }
  const std::string& problem() const { return problem_; }

 private:
  std::size_t line_;
  std::string problem_;
};

enum class EntryKind : std::uint8_t {
  kExchange,       // a command and the card's answer
  kTransmitError,  // a command whose transmit failed at the PC/SC level (no answer)
  kEvent,          // reset, power off, removed, inserted
};

struct TraceEntry {
  EntryKind kind = EntryKind::kExchange;
  std::size_t line = 0;  // where it starts in the file, 1-based
  double t = 0;          // seconds since the trace's start (0 when the source has no time)

  // kExchange and kTransmitError: the command as sent. Masked secret bytes ("XX") are 00 here
  // and their positions are in `masked`; `apdu` is the parsed command (masked bytes 00 too).
  Bytes command;
  std::vector<std::size_t> masked;
  iso7816::CommandApdu apdu;

  Bytes response;        // kExchange: data without the status word
  std::uint16_t sw = 0;  // kExchange
  std::string error;     // kTransmitError: the pcsc-lite name, "SCARD_W_REMOVED_CARD"
  CardEvent event = CardEvent::kReset;  // kEvent
  Bytes atr;                            // kEvent, when known
};

struct TraceHeader {
  std::string reader;
  Bytes atr;
  std::string recorded;
  bool secrets_masked = true;  // "secrets":"masked" (the default) or "recorded"
  std::string source;
};

struct Trace {
  std::string file;
  std::string format;  // "mynasim-trace" or "pcsc-spy"
  TraceHeader header;
  std::vector<TraceEntry> entries;
};

// Reads a trace file of either format. Throws TraceFormatError (a file that cannot be opened is
// reported at line 0: "FILE: cannot open: reason").
Trace read_trace_file(const std::string& path);

// The same on text in memory; `file` names it in messages.
Trace parse_trace(std::string_view text, const std::string& file);

// The mynasim trace format only.
Trace parse_json_lines(std::string_view text, const std::string& file);

// Splits a command written as hex with "XX" for masked bytes into bytes (masked ones 00) and the
// masked positions, and parses it. On a problem returns false and sets `problem`
// ("not hex: 'G' at character 5", "does not parse as an APDU: Lc announces more data ...").
bool decode_command(std::string_view hex, TraceEntry& entry, std::string& problem);

}  // namespace mynasim::reader::trace
