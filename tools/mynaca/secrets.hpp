// PINs and the signature password: from an environment variable named on the command line
// (--pin-env VAR), or typed at a prompt on the terminal with echo off. Never from argv, never
// printed; the buffers are wiped when dropped.
#pragma once

#include <string>

namespace mynasim::mynaca {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  ~Secret();
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;

  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  void wipe();
  std::string value_;
};

// `field` names the secret in messages ("pin", "sign-password"). With `env_var` set, reads
// that variable (an error if it is unset); otherwise prompts on /dev/tty without echo, twice
// (the second time to confirm). Throws CommandError when neither is possible.
Secret read_secret(const std::string& env_var, const std::string& field, const std::string& prompt);

}  // namespace mynasim::mynaca
