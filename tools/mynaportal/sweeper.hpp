// A thread that runs one job every `interval` until it is destroyed: the portal's timer that
// ends expired sessions and challenges even when nobody logs in (portal_housekeeping.cpp).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace mynasim::portal {

class Sweeper {
 public:
  Sweeper(std::chrono::milliseconds interval, std::function<void()> job);
  ~Sweeper();  // stops at once (no wait for the next tick) and joins
  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

 private:
  void run();
  std::chrono::milliseconds interval_;
  std::function<void()> job_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace mynasim::portal
