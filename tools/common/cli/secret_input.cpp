#include "tools/common/cli/secret_input.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "tools/common/cli/terminal_prompt.hpp"

namespace mynasim::cli {
namespace {

void wipe(std::string& text) {
  secure_wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  text.clear();
}

// One line from fd, without the newline (and a CR before it). The buffer is reserved up front so
// that no reallocation leaves a copy of the secret behind, and wiped on every way out.
Secret read_line(int fd) {
  const std::string what = "secret from file descriptor " + std::to_string(fd);
  std::string value;
  value.reserve(kMaxSecretLength + 1);
  char c = 0;
  for (;;) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      wipe(value);
      throw SecretInputError("cannot read the " + what + ": " + std::strerror(error));
    }
    if (n == 0 || c == '\n') break;
    if (c != '\r') value.push_back(c);
    if (value.size() > kMaxSecretLength) {
      wipe(value);
      throw SecretInputError("the " + what + " is longer than " + std::to_string(kMaxSecretLength) +
                             " bytes");
    }
  }
  c = 0;
  Secret line(value);
  wipe(value);
  return line;
}

}  // namespace

Secret read_secret(const SecretSource& source, const std::string& prompt, Confirm confirm) {
  if (!source.env.empty()) {
    const char* value = std::getenv(source.env.c_str());
    if (!value) throw SecretInputError("environment variable " + source.env + " is not set");
    return Secret(value);
  }
  if (source.fd >= 0) return read_line(source.fd);
  Secret first = prompt_on_terminal(prompt, kMaxSecretLength);
  if (confirm == Confirm::kTwice) {
    const Secret again = prompt_on_terminal(prompt + " (again)", kMaxSecretLength);
    if (again.value() != first.value())
      throw SecretInputError("the two entries of the " + prompt + " differ");
  }
  return first;
}

}  // namespace mynasim::cli
