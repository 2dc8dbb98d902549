#include "tools/mynaca/secrets.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>

#include "iso7816/bytes.hpp"
#include "tools/mynaca/context.hpp"

namespace mynasim::mynaca {
namespace {

// Reads one line from the terminal with echo off. false if there is no terminal.
bool prompt_line(int tty, const std::string& prompt, std::string& out) {
  termios saved{};
  if (tcgetattr(tty, &saved) != 0) return false;
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  if (::write(tty, prompt.data(), prompt.size()) < 0) return false;
  tcsetattr(tty, TCSAFLUSH, &quiet);
  out.clear();
  char c = 0;
  while (::read(tty, &c, 1) == 1 && c != '\n') out.push_back(c);
  tcsetattr(tty, TCSAFLUSH, &saved);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return true;
}

void wipe_string(std::string& s) {
  secure_wipe({reinterpret_cast<std::uint8_t*>(s.data()), s.size()});
  s.clear();
}

}  // namespace

Secret::~Secret() {
  wipe();
}

Secret::Secret(Secret&& other) noexcept : value_(std::move(other.value_)) {
  other.wipe();
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    other.wipe();
  }
  return *this;
}

void Secret::wipe() {
  wipe_string(value_);
}

Secret read_secret(const std::string& env_var, const std::string& field,
                   const std::string& prompt) {
  if (!env_var.empty()) {
    const char* value = std::getenv(env_var.c_str());
    if (!value) throw CommandError(field + ": environment variable " + env_var + " is not set");
    return Secret(value);
  }
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0)
    throw CommandError(field + ": no terminal to prompt on; name an environment variable with --" +
                       field + "-env");
  std::string first, second;
  const bool ok =
      prompt_line(tty, prompt + ": ", first) && prompt_line(tty, prompt + " (again): ", second);
  ::close(tty);
  if (!ok) {
    wipe_string(first);
    throw CommandError(field + ": cannot read from the terminal");
  }
  const bool same = first == second;
  wipe_string(second);
  if (!same) {
    wipe_string(first);
    throw CommandError(field + ": the two entries differ");
  }
  Secret secret(first);
  wipe_string(first);
  return secret;
}

}  // namespace mynasim::mynaca
