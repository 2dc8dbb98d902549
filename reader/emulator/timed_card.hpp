// A card as slow as a real one (`mynasim exec|run --timing ...`): each answer is held back until
// the profile's latency for that command (timing_profile.hpp), with its seeded jitter, has passed
// since the command arrived. The wait is reader::wait_until_elapsed, the one precise delay
// (bench_delay measures it), so the card's own computing time counts towards it.
#pragma once

#include <cstdint>
#include <memory>

#include "reader/emulator/timing_profile.hpp"
#include "reader/link/card_endpoint.hpp"

namespace mynasim::emulator {

// The jitter's random numbers: splitmix64, so that a seed gives the same waits on every
// platform and standard library (std::uniform_real_distribution does not promise that).
class JitterSource {
 public:
  explicit JitterSource(std::uint64_t seed) : state_(seed) {}
  // Uniform in [-1, 1).
  double next();

 private:
  std::uint64_t state_;
};

class TimedCard final : public reader::CardDecorator {
 public:
  TimedCard(std::unique_ptr<reader::CardEndpoint> inner, TimingProfile profile);
  ~TimedCard() override;

  Bytes transmit(ByteView command) override { return exchange(command).response; }
  reader::Exchange exchange(ByteView command) override;

  // The wait for `command` answered with `response_data` bytes of data, jitter applied (and the
  // jitter source advanced): what exchange() waits. Public for the tests.
  std::chrono::nanoseconds next_latency(ByteView command, std::size_t response_data);

 private:
  std::unique_ptr<reader::CardEndpoint> owned_;
  TimingProfile profile_;
  JitterSource jitter_;
};

}  // namespace mynasim::emulator
