#include "reader/faults/fault_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "iso7816/apdu.hpp"

namespace mynasim::reader::faults {
namespace {

std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(millis));
  return text;
}

std::string byte_hex(std::uint8_t value) {
  return to_hex(ByteView(&value, 1));
}

}  // namespace

FaultLog::FaultLog(const std::string& path) {
  fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
  // A file that existed with a looser mode is made 0600 too; a device or a pipe (/dev/null,
  // /dev/stderr, a test's FIFO) is written to as it is: its mode is not ours to change.
  struct stat st {};
  if (fd_ < 0 || fstat(fd_, &st) != 0 || (S_ISREG(st.st_mode) && fchmod(fd_, 0600) != 0)) {
    const int err = errno;
    if (fd_ >= 0) close(fd_);
    throw std::runtime_error("cannot write the fault log " + path + ": " + std::strerror(err));
  }
  owned_ = true;
}

FaultLog::~FaultLog() {
  if (owned_) close(fd_);
}

std::string FaultLog::format(const std::string& time, std::size_t reader, const Firing& firing,
                             ByteView command, bool acted) {
  nlohmann::ordered_json line;
  line["time"] = time;
  line["reader"] = reader;
  line["rule"] = firing.rule;
  if (!firing.name.empty()) line["name"] = firing.name;
  line["action"] = action_name(firing.action.kind);
  const Action& action = firing.action;
  switch (action.kind) {
    case ActionKind::kRemove:
      line["when"] = when_name(action.when);
      break;
    case ActionKind::kDelay:
      line["ms"] = action.delay_ms;
      break;
    case ActionKind::kSw:
      line["sw"] = to_hex(action.sw);
      break;
    case ActionKind::kCorrupt:
      line["bits"] = action.bits;
      break;
    case ActionKind::kPowerLoss:
      line["step"] = action.step;
      break;
    default:
      break;
  }
  if (action.kind == ActionKind::kRemove || action.kind == ActionKind::kPowerLoss ||
      action.kind == ActionKind::kFieldLoss)
    line["reinsert_ms"] = action.reinsert_ms < 0 ? nlohmann::ordered_json()
                                                 : nlohmann::ordered_json(action.reinsert_ms);
  // The header and the length of the data, never the data: VERIFY carries a PIN.
  nlohmann::ordered_json header;
  if (command.size() >= 4) {
    header["cla"] = byte_hex(command[0]);
    header["ins"] = byte_hex(command[1]);
    header["p1"] = byte_hex(command[2]);
    header["p2"] = byte_hex(command[3]);
    const iso7816::ParsedCommand parsed = iso7816::parse_command(command);
    header["lc"] =
        parsed.ok() ? nlohmann::ordered_json(parsed.command.data.size()) : nlohmann::ordered_json();
  }
  line["command"] = header;
  line["match"] = firing.match;
  if (!acted) line["acted"] = false;
  return line.dump();
}

void FaultLog::record(std::size_t reader, const Firing& firing, ByteView command, bool acted) {
  const std::string text = format(now_utc(), reader, firing, command, acted) + "\n";
  std::lock_guard lock(mutex_);
  // One write per record: lines from several readers never interleave.
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a full disk must not stop the card
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace mynasim::reader::faults
