#include "tools/mynaca/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace mynasim::mynaca {

Progress::Progress(std::size_t total, std::string unit)
    : total_(total),
      unit_(std::move(unit)),
      enabled_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {
  draw();
}

Progress::~Progress() {
  if (enabled_) std::fputc('\n', stderr);
}

void Progress::advance() {
  ++done_;
  draw();
}

void Progress::draw() {
  if (!enabled_) return;
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total_ ? done_ * kWidth / total_ : kWidth;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "\r[%s%s] %zu/%zu %s  %.1f/s", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(), done_, total_, unit_.c_str(),
               seconds > 0 ? static_cast<double>(done_) / seconds : 0.0);
  std::fflush(stderr);
}

}  // namespace mynasim::mynaca
