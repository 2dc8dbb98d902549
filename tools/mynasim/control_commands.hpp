// `mynasim insert`, `mynasim remove` and `mynasim status`: change the cards of a stack that
// `mynasim run` holds, through its control socket.
#pragma once

#include <string>

namespace mynasim::tools {

struct ControlOptions {
  std::string dir;      // the stack directory; default $MYNASIM_STACK
  unsigned reader = 0;  // counted from 0
  std::string card;     // insert: another card image to put in
};

int run_insert(const ControlOptions& options);
int run_remove(const ControlOptions& options);
int run_status(const ControlOptions& options);

}  // namespace mynasim::tools
