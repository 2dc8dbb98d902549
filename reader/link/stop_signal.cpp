#include "reader/link/stop_signal.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace mynasim::reader {

StopSignal::StopSignal() : fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
}

StopSignal::~StopSignal() {
  close(fd_);
}

void StopSignal::stop() {
  const std::uint64_t one = 1;
  (void)!write(fd_, &one, sizeof one);
}

void StopSignal::clear() {
  std::uint64_t value;
  (void)!read(fd_, &value, sizeof value);
}

bool StopSignal::stopped() const {
  pollfd pfd{fd_, POLLIN, 0};
  return poll(&pfd, 1, 0) > 0;
}

}  // namespace mynasim::reader
