// Stops a server on SIGINT / SIGTERM (`mynaca ocsp serve`, `mynaca tsa serve`): the signals are
// blocked in every thread and one thread waits for them, so no handler runs inside the server.
#pragma once

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

#include "tools/common/http/server.hpp"

namespace mynasim::mynaca {

class SignalStopper {
 public:
  explicit SignalStopper(http::Server& server) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    thread_ = std::thread([this, &server] {
      int signal = 0;
      sigwait(&set_, &signal);
      if (!done_) server.stop();
    });
  }
  ~SignalStopper() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }
  SignalStopper(const SignalStopper&) = delete;
  SignalStopper& operator=(const SignalStopper&) = delete;

 private:
  sigset_t set_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace mynasim::mynaca
