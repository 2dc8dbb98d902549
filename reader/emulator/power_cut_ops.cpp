#include "reader/emulator/power_cut_ops.hpp"

#include <cerrno>

namespace mynasim::emulator {

void PowerCutOps::arm(int step) {
  armed_at_ = step > 0 ? calls_ + static_cast<std::size_t>(step) : 0;
  fired_ = false;
}

bool PowerCutOps::powered() {
  ++calls_;
  if (powered_ && armed_at_ != 0 && calls_ == armed_at_) {
    powered_ = false;
    fired_ = true;
  }
  if (!powered_) errno = EIO;
  return powered_;
}

int PowerCutOps::open(const char* path, int flags, mode_t mode) {
  return powered() ? posix_.open(path, flags, mode) : -1;
}

ssize_t PowerCutOps::pwrite(int fd, const void* data, std::size_t size, off_t offset) {
  const bool was_powered = powered_;
  if (powered()) return posix_.pwrite(fd, data, size, offset);
  // The call the power failed in: half of it reached the disk.
  if (was_powered && size / 2 > 0) (void)posix_.pwrite(fd, data, size / 2, offset);
  errno = EIO;
  return -1;
}

ssize_t PowerCutOps::pread(int fd, void* data, std::size_t size, off_t offset) {
  return powered() ? posix_.pread(fd, data, size, offset) : -1;
}

int PowerCutOps::fsync(int fd) {
  return powered() ? posix_.fsync(fd) : -1;
}

int PowerCutOps::fdatasync(int fd) {
  return powered() ? posix_.fdatasync(fd) : -1;
}

int PowerCutOps::ftruncate(int fd, off_t size) {
  return powered() ? posix_.ftruncate(fd, size) : -1;
}

int PowerCutOps::rename(const char* from, const char* to) {
  return powered() ? posix_.rename(from, to) : -1;
}

int PowerCutOps::close(int fd) {
  // The descriptor goes either way (Linux); without power nothing more reaches the disk.
  const bool ok = powered();
  const int result = posix_.close(fd);
  if (!ok) errno = EIO;
  return ok ? result : -1;
}

int PowerCutOps::fstat_size(int fd, off_t* size) {
  return powered() ? posix_.fstat_size(fd, size) : -1;
}

}  // namespace mynasim::emulator
