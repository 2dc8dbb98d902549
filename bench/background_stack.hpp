// A program that starts a private stack and prints its environment lines
// (PCSCLITE_CSOCK_NAME=...; MYNASIM_STACK=...;), `mynasim run` or `mynasim relay`, kept running
// in the background while this object lives (SIGTERM and wait at the end).
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

namespace mynasim::bench {

struct BackgroundStack {
  // argv[0] is the program's path. `upstream_socket`, if given, is the program's own
  // PCSCLITE_CSOCK_NAME (the pcscd a relay takes its card from). Its stderr goes to `log` (or
  // nowhere: its greeting is not for the JSON reader). Throws when no environment comes.
  explicit BackgroundStack(const std::vector<std::string>& argv,
                           const std::string& upstream_socket = {}, const std::string& log = {});
  ~BackgroundStack();
  BackgroundStack(const BackgroundStack&) = delete;
  BackgroundStack& operator=(const BackgroundStack&) = delete;

  // SIGTERM, then wait for it to end. Idempotent.
  void stop();

  pid_t pid = -1;
  std::string socket, dir;

 private:
  std::FILE* lines_ = nullptr;  // its stdout
};

}  // namespace mynasim::bench
