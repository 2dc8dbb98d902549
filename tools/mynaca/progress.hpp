// A progress bar on stderr for long work (issuing many cards), drawn only when stderr is a
// terminal: "[#########...........] 45/100 cards  12.3/s".
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace mynasim::mynaca {

class Progress {
 public:
  Progress(std::size_t total, std::string unit);
  ~Progress();  // ends the line
  void advance();

 private:
  void draw();
  std::size_t total_, done_ = 0;
  std::string unit_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace mynasim::mynaca
