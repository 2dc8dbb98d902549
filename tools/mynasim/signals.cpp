#include "tools/mynasim/signals.hpp"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace mynasim::tools {
namespace {

constexpr int kHandled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD};

}  // namespace

SignalWaiter::SignalWaiter() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kHandled) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, &old_);
  fd_ = signalfd(-1, &set, SFD_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error(std::string("signalfd: ") + std::strerror(errno));
}

SignalWaiter::~SignalWaiter() {
  close(fd_);
  pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

int SignalWaiter::wait() {
  signalfd_siginfo info{};
  for (;;) {
    const ssize_t n = read(fd_, &info, sizeof info);
    if (n == static_cast<ssize_t>(sizeof info)) return static_cast<int>(info.ssi_signo);
    if (n < 0 && errno != EINTR) return 0;
  }
}

void reset_signals_for_child() {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : kHandled) signal(sig, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
}

}  // namespace mynasim::tools
