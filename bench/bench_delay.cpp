// bench_delay: how exactly a card's answer is held back (reader::wait_until_elapsed, used by
// timing profiles and delay faults): requested latency against the round trip measured through a
// real pcscd, for 1, 10, 100 and 500 ms, with the no-delay round trip of the same pcscd measured
// in turn as the floor. JSON on stdout (schema: bench/README.md). Never run by ctest.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_main.hpp"
#include "bench/bench_reader_setup.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"
#include "reader/emulator/driver_path.hpp"
#include "reader/emulator/timed_card.hpp"
#include "reader/pcsc/context.hpp"
#include "reader/stack/private_stack.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;

// The target (issue 14): within 2 ms or 2 % of the request, whichever is larger.
constexpr std::int64_t kToleranceFloorNs = 2'000'000;
constexpr double kTolerancePercent = 2.0;

// The My Number card's contact ATR (T=1), so pcscd negotiates what it does for the card.
const Bytes kAtr = {0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14};
// A case-3 SELECT: the echo answers 90 00, so the answer's size adds nothing to the wait.
const Bytes kCommand = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                        0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};

struct Delay {
  int ms;
  std::size_t n, quick_n;
};
// About 10 s in all; a quick run about 2 s.
constexpr Delay kDelays[] = {{1, 300, 20}, {10, 150, 10}, {100, 30, 5}, {500, 10, 3}};

// A profile in which every command takes `ms`, without jitter.
emulator::TimingProfile flat(int ms) {
  emulator::TimingProfile profile;
  profile.name = "flat " + std::to_string(ms) + " ms";
  for (auto& command : profile.commands) command.ms = ms;
  return profile;
}

std::int64_t signed_ns(std::uint64_t ns) {
  return static_cast<std::int64_t>(ns);
}

int run(bool quick) {
  json report = start_report("bench_delay", quick);
  report["target"] = "median within max(2 ms, 2 %) of the requested latency";

  reader::stack::StackConfig config;
  config.driver = emulator::find_driver();
  std::vector<std::unique_ptr<reader::CardEndpoint>> cards;
  cards.push_back(std::make_unique<EchoCard>(kAtr));  // reader 0: the floor
  for (const Delay& delay : kDelays)
    cards.push_back(
        std::make_unique<emulator::TimedCard>(std::make_unique<EchoCard>(kAtr), flat(delay.ms)));
  reader::stack::PrivateStack stack(config, std::move(cards));
  report["isolation"] = stack.isolation();
  for (std::size_t i = 0; i < stack.size(); ++i) stack.insert(i);

  json operations;
  {
    pcsc::Context context;
    auto floor = context.connect(stack.reader_name(0));
    std::vector<std::uint64_t> floor_samples;
    auto floor_once = [&] { exchange(*floor, kCommand, 2, "floor SELECT"); };
    for (int i = 0; i < 50; ++i) floor_once();  // warm-up

    for (std::size_t d = 0; d < std::size(kDelays); ++d) {
      const Delay& delay = kDelays[d];
      progress(std::to_string(delay.ms) + " ms");
      auto timed = context.connect(stack.reader_name(d + 1));
      auto timed_once = [&] { exchange(*timed, kCommand, 2, "delayed SELECT"); };
      timed_once();  // warm-up
      std::vector<std::uint64_t> samples;
      const std::size_t n = quick ? delay.quick_n : delay.n;
      for (std::size_t i = 0; i < n; ++i) {  // in turn with the floor, so drift hits both
        samples.push_back(time_ns(timed_once));
        floor_samples.push_back(time_ns(floor_once));
      }
      const Summary summary = summarize(std::move(samples));
      const std::int64_t requested = std::int64_t{delay.ms} * 1'000'000;
      const std::int64_t tolerance = std::max<std::int64_t>(
          kToleranceFloorNs, static_cast<std::int64_t>(requested * kTolerancePercent / 100));
      json entry = to_json(summary);
      entry["requested_ns"] = requested;
      entry["error_median_ns"] = signed_ns(summary.median_ns) - requested;
      entry["error_p99_ns"] = signed_ns(summary.p99_ns) - requested;
      entry["error_min_ns"] = signed_ns(summary.min_ns) - requested;
      entry["tolerance_ns"] = tolerance;
      entry["floor"] = "no_delay";
      entry["meets_target"] = std::llabs(signed_ns(summary.median_ns) - requested) <= tolerance;
      entry["p99_meets_target"] = std::llabs(signed_ns(summary.p99_ns) - requested) <= tolerance;
      operations["delay_" + std::to_string(delay.ms) + "ms"] = entry;
    }
    const Summary floor_summary = summarize(std::move(floor_samples));
    operations["no_delay"] = to_json(floor_summary);
    // What the delay adds beyond the floor's round trip: the wait's own error.
    for (const Delay& delay : kDelays) {
      json& entry = operations["delay_" + std::to_string(delay.ms) + "ms"];
      entry["excess_over_floor_median_ns"] =
          entry["error_median_ns"].get<std::int64_t>() - signed_ns(floor_summary.median_ns);
    }
  }
  report["operations"] = operations;
  stack.stop();
  print_report(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  CLI::App app{"Requested against measured answer delay through pcscd (JSON)"};
  app.add_flag("--quick", quick, "a few samples per delay, a smoke run");
  return mynasim::bench::bench_main(app, "bench_delay", argc, argv, [&] { return run(quick); });
}
