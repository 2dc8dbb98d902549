#include "tools/mynatool/secret_input.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace mynasim::tools {
namespace {

// Reads one line from fd, without the newline.
std::string read_line(int fd, const std::string& what) {
  std::string line;
  char c = 0;
  for (;;) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0) throw std::runtime_error("cannot read the " + what);
    if (n == 0 || c == '\n') break;
    if (c != '\r') line.push_back(c);
    if (line.size() > 256) throw std::runtime_error("the " + what + " is longer than 256 bytes");
  }
  return line;
}

}  // namespace

client::Secret read_secret(const SecretSource& source, const std::string& prompt) {
  if (!source.env.empty()) {
    const char* value = std::getenv(source.env.c_str());
    if (!value) throw std::runtime_error("environment variable " + source.env + " is not set");
    return client::Secret(value);
  }
  if (source.fd >= 0) {
    return client::Secret(
        read_line(source.fd, "secret from file descriptor " + std::to_string(source.fd)));
  }
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0)
    throw std::runtime_error("no terminal to ask for the " + prompt +
                             "; give it with an environment variable or a file descriptor");
  termios saved{};
  const bool is_terminal = tcgetattr(tty, &saved) == 0;
  if (is_terminal) {
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    tcsetattr(tty, TCSAFLUSH, &quiet);
  }
  const std::string ask = prompt + ": ";
  (void)!::write(tty, ask.data(), ask.size());
  std::string value;
  try {
    value = read_line(tty, prompt);
  } catch (...) {
    if (is_terminal) tcsetattr(tty, TCSAFLUSH, &saved);
    ::close(tty);
    throw;
  }
  if (is_terminal) tcsetattr(tty, TCSAFLUSH, &saved);
  (void)!::write(tty, "\n", 1);
  ::close(tty);
  return client::Secret(std::move(value));
}

}  // namespace mynasim::tools
