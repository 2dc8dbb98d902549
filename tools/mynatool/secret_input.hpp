// Where a PIN comes from: an environment variable, a file descriptor, or a prompt on the terminal
// with echo off. Never from argv (it would show in process listings).
#pragma once

#include <string>

#include "reader/client/secret.hpp"

namespace mynasim::tools {

struct SecretSource {
  std::string env;  // --pin-env VAR
  int fd = -1;      // --pin-fd N: one line is read
};

// Throws std::runtime_error naming the variable / descriptor / terminal problem (never the value).
client::Secret read_secret(const SecretSource& source, const std::string& prompt);

}  // namespace mynasim::tools
