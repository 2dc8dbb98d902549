// `mynasim insert`, `mynasim remove`, `mynasim status` and `mynasim fault add|list|clear`:
// change the cards and faults of a stack that `mynasim run` or `mynasim exec` holds, through its
// control socket.
#pragma once

#include <string>

namespace mynasim::tools {

struct ControlOptions {
  std::string dir;            // the stack directory; default $MYNASIM_STACK
  unsigned reader = 0;        // counted from 0
  std::string card;           // insert: another card image to put in
  bool reader_given = false;  // fault list/clear: one reader only
  std::string fault;          // fault add: one fault as JSON (docs/faults.md)
  std::string fault_file;     // fault add: a faults file's faults
};

int run_insert(const ControlOptions& options);
int run_remove(const ControlOptions& options);
int run_status(const ControlOptions& options);
// Exit 2 for a bad fault (checked here before anything is sent), 1 when the stack refuses.
int run_fault_add(const ControlOptions& options);
int run_fault_list(const ControlOptions& options);
int run_fault_clear(const ControlOptions& options);

}  // namespace mynasim::tools
