#include "tools/mynaportal/sweeper.hpp"

#include <cstdio>
#include <exception>

namespace mynasim::portal {

Sweeper::Sweeper(std::chrono::milliseconds interval, std::function<void()> job)
    : interval_(interval), job_(std::move(job)), thread_([this] { run(); }) {}

Sweeper::~Sweeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Sweeper::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      job_();
    } catch (const std::exception& e) {
      // A failed sweep (e.g. the database busy) is retried at the next tick; say so once a tick.
      std::fprintf(stderr, "mynaportal: sweep: %s\n", e.what());
    }
    lock.lock();
  }
}

}  // namespace mynasim::portal
