// The card image's system calls with a power switch: armed with a step N, the Nth call from then
// on is where the power fails. A pwrite cut there writes half of its bytes first (a torn write);
// that call and every later one fail with EIO, as on a machine that lost power, until the power
// comes back (restore()). The store promises that the image is then one of its committed states.
#pragma once

#include <cstddef>

#include "card/store/file_storage.hpp"

namespace mynasim::emulator {

class PowerCutOps final : public card::store::FileOps {
 public:
  // Cut at the `step`-th call from now (1 = the next one). Clears an earlier cut.
  void arm(int step);
  bool fired() const { return fired_; }
  bool power_on() const { return powered_; }  // false from the cut until restore()
  // Power back: calls reach the disk again; the cut stays reported until the next arm().
  void restore() {
    powered_ = true;
    armed_at_ = 0;
  }

  int open(const char* path, int flags, mode_t mode) override;
  ssize_t pwrite(int fd, const void* data, std::size_t size, off_t offset) override;
  ssize_t pread(int fd, void* data, std::size_t size, off_t offset) override;
  int fsync(int fd) override;
  int fdatasync(int fd) override;
  int ftruncate(int fd, off_t size) override;
  int rename(const char* from, const char* to) override;
  int close(int fd) override;
  int fstat_size(int fd, off_t* size) override;

 private:
  // Counts the call; false when the power is (now) off.
  bool powered();

  card::store::FileOps& posix_ = card::store::posix_file_ops();
  std::size_t calls_ = 0;
  std::size_t armed_at_ = 0;  // the call number that is cut; 0: not armed
  bool powered_ = true;
  bool fired_ = false;
};

}  // namespace mynasim::emulator
