// `mynasim exec` and `mynasim run`: simulated cards in the readers of a private pcscd
// (reader/stack), for one command or until interrupted.
#pragma once

#include <string>
#include <vector>

namespace mynasim::tools {

struct StackOptions {
  std::vector<std::string> cards;    // card images, one reader each
  std::vector<std::string> atrs;     // none, one for every card, or one per card
  std::string dir;                   // run: the stack directory (default: a temporary one)
  bool log_apdus = false;            // pcscd -a into DIR/pcscd.log
  std::string protocol = "t1";       // t1 or t0 (card_chain.hpp)
  std::string timing = "none";       // none, contact, contactless or a profile file
  std::vector<std::string> command;  // exec: what to run
};

// Both return the process exit status: exec gives COMMAND's (128 + signal if it was killed),
// 1 when the stack could not be set up, 2 for bad usage.
int run_exec(const StackOptions& options);
int run_stack(const StackOptions& options);

}  // namespace mynasim::tools
