// Signals for the commands that hold a stack: the main thread blocks them before any thread or
// child exists and reads them from a signalfd, so that a ^C or a kill ends in an orderly
// teardown (cards powered off, pcscd stopped, files removed). Children get a clean slate.
#pragma once

#include <signal.h>

namespace mynasim::tools {

class SignalWaiter {
 public:
  // Blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGCHLD in the calling thread (and so in every
  // thread it starts afterwards).
  SignalWaiter();
  ~SignalWaiter();
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

  // Waits for the next of those signals; returns its number.
  int wait();
  int fd() const { return fd_; }

 private:
  int fd_;
  sigset_t old_;
};

// In a forked child before exec: unblock everything, default dispositions.
void reset_signals_for_child();

}  // namespace mynasim::tools
