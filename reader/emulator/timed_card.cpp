#include "reader/emulator/timed_card.hpp"

#include <algorithm>
#include <cmath>

#include "reader/link/answer_delay.hpp"

namespace mynasim::emulator {

double JitterSource::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  // The top 53 bits as a fraction in [0, 1), then [-1, 1).
  return static_cast<double>(z >> 11) * 0x1.0p-53 * 2.0 - 1.0;
}

TimedCard::TimedCard(std::unique_ptr<reader::CardEndpoint> inner, TimingProfile profile)
    : CardDecorator(*inner),
      owned_(std::move(inner)),
      profile_(std::move(profile)),
      jitter_(profile_.seed) {}

TimedCard::~TimedCard() = default;

std::chrono::nanoseconds TimedCard::next_latency(ByteView command, std::size_t response_data) {
  const auto base = base_latency(profile_, command, response_data);
  if (profile_.jitter_percent <= 0) return base;
  const double factor = 1.0 + profile_.jitter_percent / 100.0 * jitter_.next();
  const double ns = std::max(0.0, static_cast<double>(base.count()) * factor);
  const double cap = kMaxLatencyMs * 1e6;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(std::min(ns, cap))));
}

reader::Exchange TimedCard::exchange(ByteView command) {
  const auto arrived = std::chrono::steady_clock::now();
  reader::Exchange result = inner().exchange(command);
  if (result.response.empty()) return result;  // no answer (a fault): nothing to hold back
  const std::size_t data = result.response.size() >= 2 ? result.response.size() - 2 : 0;
  reader::wait_until_elapsed(arrived, next_latency(command, data));
  return result;
}

}  // namespace mynasim::emulator
