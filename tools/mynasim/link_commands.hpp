// One card on a link mynasim does not run the pcscd for:
//  - `mynasim vpcd`: to vsmartcard's vpcd driver (TCP, vpcd protocol), for people who use it;
//  - `mynasim attach`: to our driver inside the system pcscd (`mynasim install-reader`).
// Both power the card off when it leaves. vpcd serves until the reader goes away or a signal
// comes; attach waits for the reader to appear and goes back in whenever pcscd restarts (the
// system's pcscd exits when idle and is started again on demand), until a signal.
#pragma once

#include <string>

namespace mynasim::tools {

struct LinkOptions {
  std::string card;
  std::string atr;
  std::string host = "127.0.0.1";  // vpcd
  std::string port = "35963";      // vpcd's default (0x8C7B)
  std::string socket;              // attach
};

int run_vpcd(const LinkOptions& options);
int run_attach(const LinkOptions& options);

}  // namespace mynasim::tools
