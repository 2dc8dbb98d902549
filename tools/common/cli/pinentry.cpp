#include "tools/common/cli/pinentry.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "tools/common/cli/secret_input.hpp"

namespace mynasim::cli {
namespace {

// Assuan's longest line (its LINELENGTH); a pinentry never sends a longer one.
constexpr std::size_t kMaxLine = 1000;

// gpg-error codes in the low 16 bits of an ERR (the high bits name the source).
constexpr unsigned kErrTimeout = 62;
constexpr unsigned kErrCanceled = 99;
constexpr unsigned kErrNotConfirmed = 114;

void wipe(std::string& text) {
  secure_wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  text.clear();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

std::string configured_pinentry() {
  if (const char* env = std::getenv("PINENTRY"); env && *env) return env;
  std::string home;
  if (const char* g = std::getenv("GNUPGHOME"); g && *g)
    home = g;
  else if (const char* h = std::getenv("HOME"); h && *h)
    home = std::string(h) + "/.gnupg";
  if (!home.empty()) {
    std::ifstream conf(home + "/gpg-agent.conf");
    std::string line;
    while (std::getline(conf, line)) {
      line = trim(line);
      if (line.rfind("pinentry-program", 0) == 0 && line.size() > 16 &&
          (line[16] == ' ' || line[16] == '\t'))
        return trim(line.substr(16));
    }
  }
  return "pinentry";
}

std::string assuan_escape(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (c == '%' || c < 0x20 || c == 0x7f) {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Pinentry::Pinentry(const std::string& program) : program_(program) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    throw PinentryError(std::string("pinentry: socketpair: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(pair[0]);
    ::close(pair[1]);
    throw PinentryError(std::string("pinentry: fork: ") + std::strerror(error));
  }
  if (pid == 0) {
    // dup2 clears CLOEXEC on the copies: pinentry talks on its stdin and stdout.
    if (::dup2(pair[1], 0) < 0 || ::dup2(pair[1], 1) < 0) ::_exit(127);
    const char* argv[] = {program.c_str(), nullptr};
    ::execvp(program.c_str(), const_cast<char* const*>(argv));
    ::_exit(127);
  }
  ::close(pair[1]);
  socket_ = pair[0];
  pid_ = pid;
  line_.reserve(kMaxLine + 1);
  pending_.reserve(2 * kMaxLine);
  if (!read_line()) fail("exited before its greeting (is \"" + program_ + "\" a pinentry?)");
  if (line_.rfind("OK", 0) != 0) fail("did not greet with OK");
}

Pinentry::~Pinentry() {
  try {
    send("BYE");
  } catch (const PinentryError&) {
    // gone already
  }
  ::close(socket_);
  // A pinentry leaves after BYE or on EOF; one that does not is ended.
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      wipe(line_);
      wipe(pending_);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  wipe(line_);
  wipe(pending_);
}

void Pinentry::fail(const std::string& why) {
  wipe(line_);
  wipe(pending_);
  throw PinentryError("pinentry (" + program_ + "): " + why);
}

void Pinentry::send(const std::string& line) {
  const std::string out = line + "\n";
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::send(socket_, out.data() + done, out.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw PinentryError("pinentry (" + program_ + "): it stopped listening");
    done += static_cast<std::size_t>(n);
  }
}

bool Pinentry::read_line() {
  wipe(line_);
  for (;;) {
    const auto newline = pending_.find('\n');
    if (newline != std::string::npos) {
      if (newline > kMaxLine) fail("sent a line longer than Assuan allows");
      line_.assign(pending_, 0, newline);
      // Shift in place (no reallocation leaves a copy of a D line behind).
      pending_.erase(0, newline + 1);
      return true;
    }
    if (pending_.size() > kMaxLine) fail("sent a line longer than Assuan allows");
    char chunk[256];
    const ssize_t n = ::read(socket_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      secure_wipe({reinterpret_cast<std::uint8_t*>(chunk), sizeof chunk});
      return false;
    }
    pending_.append(chunk, static_cast<std::size_t>(n));
    secure_wipe({reinterpret_cast<std::uint8_t*>(chunk), sizeof chunk});
  }
}

Pinentry::Reply Pinentry::transact(const std::string& line, std::string* data) {
  send(line);
  const std::string verb = line.substr(0, line.find(' '));
  for (;;) {
    if (!read_line()) fail("exited during " + verb);
    if (line_ == "OK" || line_.rfind("OK ", 0) == 0) return Reply::kOk;
    if (line_.rfind("ERR ", 0) == 0) {
      const unsigned long code = std::strtoul(line_.c_str() + 4, nullptr, 10) & 0xFFFF;
      if (code == kErrCanceled || code == kErrNotConfirmed || code == kErrTimeout)
        return Reply::kCancelled;
      fail(verb + " answered " + line_);
    }
    if (line_.rfind("D ", 0) == 0 && data) {
      for (std::size_t i = 2; i < line_.size(); ++i) {
        if (line_[i] == '%' && i + 2 < line_.size() && hex_value(line_[i + 1]) >= 0 &&
            hex_value(line_[i + 2]) >= 0) {
          data->push_back(
              static_cast<char>(hex_value(line_[i + 1]) * 16 + hex_value(line_[i + 2])));
          i += 2;
        } else {
          data->push_back(line_[i]);
        }
        if (data->size() > kMaxSecretLength) fail(verb + ": the answer is too long");
      }
      continue;
    }
    if (line_.rfind("INQUIRE", 0) == 0) {
      // Nothing we asked for needs an inquiry: end it empty.
      send("END");
      continue;
    }
    // "S" status lines and "#" comments carry nothing we use.
  }
}

void Pinentry::command(const std::string& line) {
  // SETxxx never answers "cancelled"; an ERR there is a pinentry that lacks the command.
  (void)transact(line, nullptr);
}

std::optional<Secret> Pinentry::get_pin() {
  std::string value;
  value.reserve(kMaxSecretLength + 1);
  try {
    if (transact("GETPIN", &value) == Reply::kCancelled) {
      wipe(value);
      return std::nullopt;
    }
  } catch (...) {
    wipe(value);
    throw;
  }
  Secret pin(std::move(value));
  wipe(value);
  return pin;
}

bool Pinentry::confirm() {
  return transact("CONFIRM", nullptr) == Reply::kOk;
}

}  // namespace mynasim::cli
