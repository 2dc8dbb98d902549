// `mynasim replay TRACE --card IMG`: plays a recorded trace's commands, in order, against the
// simulated card of IMG (in-process, on a temporary copy: IMG is never changed) and reports every
// divergence from the recorded answers under the rules of replay_compare.hpp / docs/replay.md.
#pragma once

#include <string>

namespace mynasim::tools {

struct ReplayOptions {
  std::string trace;
  std::string card;
  int pins_fd = -1;      // NAME=VALUE lines for the masked PINs
  std::string pins_env;  // the same from an environment variable
  bool json = false;
};

// 0 with no divergence, 1 with divergences or on bad input (a message naming the file and line).
int run_replay(const ReplayOptions& options);

}  // namespace mynasim::tools
