// The fault log: one JSON Lines record per firing, so that a failing test can say what was done
// to it (docs/faults.md, "The fault log"). A record names the command by its header and Lc only:
// never its data, which may be a PIN (VERIFY, CHANGE REFERENCE DATA).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>

#include "reader/faults/fault_engine.hpp"

namespace mynasim::reader::faults {

class FaultLog {
 public:
  // Records go to standard error.
  FaultLog() = default;
  // Records go to `path`: a regular file is created (or emptied) with mode 0600; a device or a
  // pipe keeps its mode. Throws std::runtime_error naming the path when it cannot be opened.
  explicit FaultLog(const std::string& path);
  ~FaultLog();
  FaultLog(const FaultLog&) = delete;
  FaultLog& operator=(const FaultLog&) = delete;

  // One line for a firing on reader `reader`. `acted` is false for a fault that fired on a
  // command an earlier rule already acted on (docs/faults.md, "Several faults on one command").
  void record(std::size_t reader, const Firing& firing, ByteView command, bool acted);

  // The record as written, without the newline (for tests).
  static std::string format(const std::string& time, std::size_t reader, const Firing& firing,
                            ByteView command, bool acted);

 private:
  int fd_ = 2;
  bool owned_ = false;
  std::mutex mutex_;
};

}  // namespace mynasim::reader::faults
