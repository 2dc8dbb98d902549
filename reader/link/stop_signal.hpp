// A level-triggered "stop" that a poll() loop can wait on next to its socket (an eventfd).
#pragma once

namespace mynasim::reader {

class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  void stop();   // any thread; async-signal-safe
  void clear();  // back to "running"
  bool stopped() const;
  int fd() const { return fd_; }  // readable while stopped

 private:
  int fd_;
};

}  // namespace mynasim::reader
