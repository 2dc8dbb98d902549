// One card on a link mynasim does not run the pcscd for:
//  - `mynasim vpcd`: to vsmartcard's vpcd driver (TCP, vpcd protocol), for people who use it;
//  - `mynasim attach`: to our driver inside the system pcscd (`mynasim install-reader`).
// Both put the card behind the same chain as `mynasim exec` (faults, timing, T=0; card_chain.hpp,
// stack_faults.hpp), without a control socket. Both power the card off when it leaves. vpcd serves
// until the reader goes away or a signal comes; attach waits for the reader to appear and goes back
// in whenever pcscd restarts (the system's pcscd exits when idle and is started again on demand),
// until a signal.
#pragma once

#include <string>

namespace mynasim::tools {

struct LinkOptions {
  std::string card;
  std::string atr;
  std::string host = "127.0.0.1";  // vpcd
  std::string port = "35963";      // vpcd's default (0x8C7B)
  std::string socket;              // attach
  std::string protocol = "t1";     // as exec's: t1 or t0 (card_chain.hpp)
  std::string timing = "none";     // none, contact, contactless or a profile file
  std::string faults;              // a faults file (docs/faults.md)
  std::string fault_log;           // where fired faults are logged (default: stderr)
};

int run_vpcd(const LinkOptions& options);
int run_attach(const LinkOptions& options);

}  // namespace mynasim::tools
