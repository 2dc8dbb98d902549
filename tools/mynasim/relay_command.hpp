// `mynasim relay --reader R`: a private stack (as `mynasim run` starts it) whose virtual reader
// holds the real card in reader R of the upstream pcscd; every exchange and card event goes to a
// trace (docs/trace-format.md). The upstream side runs in a process of its own
// (relay_upstream.hpp).
#pragma once

#include "tools/mynasim/relay_upstream.hpp"

namespace mynasim::tools {

// 0 when stopped by a signal, 1 when something failed (said on stderr).
int run_relay(const RelayOptions& options);

}  // namespace mynasim::tools
