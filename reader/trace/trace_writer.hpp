// Writes an APDU trace in mynasim's trace format, version 1 (docs/trace-format.md): JSON Lines,
// a header line, then one line per exchange, per failed transmit and per card event. Every line
// leaves in one write(2) as soon as it is made, so the trace of a relay that was killed is a
// valid prefix. Secret data (what iso7816::carries_secret names: VERIFY, CHANGE REFERENCE DATA,
// RESET RETRY COUNTER, CHANGE KEY) is written as XX per byte unless secrets are recorded.
#pragma once

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include "iso7816/bytes.hpp"
#include "reader/trace/card_event.hpp"

namespace mynasim::reader::trace {

inline constexpr const char* kFormatName = "mynasim-trace";
inline constexpr int kFormatVersion = 1;

enum class Secrets { kMasked, kRecorded };

struct Header {
  std::string reader;    // the reader the card was in (upstream, for a relay)
  Bytes atr;             // the card's ATR when recording started
  std::string recorded;  // UTC, "2026-12-02T03:04:05Z" (utc_timestamp)
  Secrets secrets = Secrets::kMasked;
  std::string source;  // the program that wrote the trace, "mynasim relay 0.1.0"
};

// The lines, without their newline. t is in seconds since the header's time, ms the exchange's
// round trip; both are written rounded to the microsecond.
std::string header_line(const Header& header);
std::string exchange_line(double t, ByteView command, ByteView response, double ms,
                          Secrets secrets);
// A transmit that failed at the PC/SC level: the pcsc-lite name of the error instead of
// response and sw ("SCARD_W_REMOVED_CARD").
std::string error_line(double t, ByteView command, std::string_view error, double ms,
                       Secrets secrets);
// An empty atr is left out (not known).
std::string event_line(double t, CardEvent event, ByteView atr);

// The command as upper-case hex without spaces, secret data bytes as "XX".
std::string command_hex(ByteView command, Secrets secrets);
std::string utc_timestamp(std::chrono::system_clock::time_point when);

class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A trace file being written. Safe to use from several threads (a line is never interleaved).
class TraceWriter {
 public:
  // Creates or truncates `path` (mode 0600: a trace may hold secrets). Nothing is written until
  // start(). Throws TraceError naming the path.
  explicit TraceWriter(const std::string& path);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Writes the header (its `recorded` set to now when empty); t counts from here.
  void start(Header header);
  // Seconds since start() on the monotonic clock: the t of the next line.
  double now() const;

  void exchange(double t, ByteView command, ByteView response, double ms);
  void error(double t, ByteView command, std::string_view error, double ms);
  void event(CardEvent event, ByteView atr = {});  // t = now()

  const std::string& path() const { return path_; }
  std::size_t exchanges() const;

 private:
  void write_line(std::string line);

  std::string path_;
  int fd_ = -1;
  Secrets secrets_ = Secrets::kMasked;
  std::chrono::steady_clock::time_point start_;
  mutable std::mutex mutex_;
  std::size_t exchanges_ = 0;
};

}  // namespace mynasim::reader::trace
