// Where a PIN or password comes from, for every tool: an environment variable (--pin-env VAR), a
// file descriptor (--pin-fd N, one line), or a prompt on the terminal with echo off. Never argv
// (it shows in process listings), never a message: errors name the variable, the descriptor or
// the terminal, not the value.
//
// The prompt is terminal_prompt.hpp's: echo off, and back on however it ends, a signal included.
#pragma once

#include <stdexcept>
#include <string>

#include "iso7816/secret.hpp"

namespace mynasim::cli {

struct SecretSource {
  std::string env;  // --pin-env VAR
  int fd = -1;      // --pin-fd N: one line is read
};

// A secret that could not be had; the message names where it was looked for.
class SecretInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Confirm { kOnce, kTwice };

// The longest secret accepted, in bytes (JPKI's longest is the 16-character signature password).
inline constexpr std::size_t kMaxSecretLength = 256;

// From the variable if named (an error if unset), else from the descriptor if given, else from
// the prompt ("<prompt>: ", and with kTwice "<prompt> (again): ", the two must agree).
// Throws SecretInputError.
Secret read_secret(const SecretSource& source, const std::string& prompt,
                   Confirm confirm = Confirm::kOnce);

}  // namespace mynasim::cli
