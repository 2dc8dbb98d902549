#include "reader/trace/trace_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "iso7816/trace.hpp"

namespace mynasim::reader::trace {
namespace {

using Json = nlohmann::ordered_json;  // keys in the order the format lists them

// Microseconds are what a trace can tell apart; more digits would only be noise.
double round_to(double value, double scale) {
  return std::round(value * scale) / scale;
}

std::string hex(ByteView bytes) {
  return to_hex(bytes, '\0');
}

Json line_start(double t, ByteView command, Secrets secrets) {
  Json line;
  line["t"] = round_to(t, 1e6);
  line["command"] = command_hex(command, secrets);
  return line;
}

}  // namespace

std::string command_hex(ByteView command, Secrets secrets) {
  const iso7816::SecretSpan secret = iso7816::secret_span(command);
  if (secrets == Secrets::kRecorded || secret.empty()) return hex(command);
  std::string out = hex(command.first(secret.begin));
  for (std::size_t i = secret.begin; i < secret.end; ++i) out += "XX";
  return out + hex(command.subspan(secret.end));
}

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string header_line(const Header& header) {
  Json line;
  line["format"] = kFormatName;
  line["version"] = kFormatVersion;
  line["reader"] = header.reader;
  line["atr"] = hex(header.atr);
  line["recorded"] = header.recorded;
  line["secrets"] = header.secrets == Secrets::kRecorded ? "recorded" : "masked";
  line["source"] = header.source;
  return line.dump();
}

std::string exchange_line(double t, ByteView command, ByteView response, double ms,
                          Secrets secrets) {
  // A reader always returns a status word; if one did not, the line must still be valid.
  if (response.size() < 2) return error_line(t, command, "NO_STATUS_WORD", ms, secrets);
  Json line = line_start(t, command, secrets);
  line["response"] = hex(response.first(response.size() - 2));
  line["sw"] = hex(response.last(2));
  line["ms"] = round_to(ms, 1e3);
  return line.dump();
}

std::string error_line(double t, ByteView command, std::string_view error, double ms,
                       Secrets secrets) {
  Json line = line_start(t, command, secrets);
  line["error"] = std::string(error);
  line["ms"] = round_to(ms, 1e3);
  return line.dump();
}

std::string event_line(double t, CardEvent event, ByteView atr) {
  Json line;
  line["t"] = round_to(t, 1e6);
  line["event"] = event_name(event);
  if (!atr.empty()) line["atr"] = hex(atr);
  return line.dump();
}

TraceWriter::TraceWriter(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) throw TraceError("cannot write the trace " + path + ": " + std::strerror(errno));
}

TraceWriter::~TraceWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void TraceWriter::start(Header header) {
  std::lock_guard lock(mutex_);
  if (header.recorded.empty()) header.recorded = utc_timestamp(std::chrono::system_clock::now());
  secrets_ = header.secrets;
  start_ = std::chrono::steady_clock::now();
  write_line(header_line(header));
}

double TraceWriter::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void TraceWriter::exchange(double t, ByteView command, ByteView response, double ms) {
  std::lock_guard lock(mutex_);
  write_line(exchange_line(t, command, response, ms, secrets_));
  ++exchanges_;
}

void TraceWriter::error(double t, ByteView command, std::string_view error, double ms) {
  std::lock_guard lock(mutex_);
  write_line(error_line(t, command, error, ms, secrets_));
  ++exchanges_;
}

void TraceWriter::event(CardEvent event, ByteView atr) {
  std::lock_guard lock(mutex_);
  write_line(event_line(now(), event, atr));
}

std::size_t TraceWriter::exchanges() const {
  std::lock_guard lock(mutex_);
  return exchanges_;
}

// One write(2) per line, retried only for what the kernel did not take: a reader of the file
// (or a relay killed between two lines) never sees half a line it cannot tell apart.
void TraceWriter::write_line(std::string line) {
  line += '\n';
  const char* at = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, at, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw TraceError("cannot write the trace " + path_ + ": " + std::strerror(errno));
    at += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace mynasim::reader::trace
