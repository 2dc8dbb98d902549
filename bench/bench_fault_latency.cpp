// bench_fault_latency: how long a client waits, through a real pcscd and our driver, from the
// moment a fault fires in the card (the link's exchange() picks it) to the PC/SC error the
// client gets: a removal during READ BINARY (SCARD_E_NOT_TRANSACTED), a mute card (the reader's
// timeout, 1,430 ms for the JPKI ATR), and how long a reset fault holds its answer back until
// pcscd has announced the reset. Floor: a plain READ BINARY round trip in the same stack.
// JSON on stdout (bench/README.md); never run by ctest.
#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "bench/bench_main.hpp"
#include "bench/bench_reader_setup.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"
#include "reader/emulator/driver_path.hpp"
#include "reader/emulator/simulated_card.hpp"
#include "reader/pcsc/context.hpp"
#include "reader/pcsc/pcsc_error.hpp"
#include "reader/stack/private_stack.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

const Bytes kSelectJpki = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                           0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
const Bytes kSelectCert = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A};  // EF 000A
const Bytes kReadBinary256 = {0x00, 0xB0, 0x00, 0x00, 0x00};
constexpr std::int64_t kJpkiMuteTimeoutMs = 1430;  // BWT of TB3 = 45 at 4 MHz (PROTOCOL.md)

// Fires `kind` on the next READ BINARY (or SELECT for a reset) and notes when.
class FaultOnce final : public reader::CardDecorator {
 public:
  explicit FaultOnce(std::unique_ptr<reader::CardEndpoint> card)
      : CardDecorator(*card), card_(std::move(card)) {}
  void arm(std::uint8_t ins, reader::Exchange::Kind kind, int reinsert_ms) {
    std::lock_guard lock(mutex_);
    ins_ = ins;
    kind_ = kind;
    reinsert_ms_ = reinsert_ms;
  }
  Clock::time_point fired_at() {
    std::lock_guard lock(mutex_);
    return fired_at_;
  }
  reader::Exchange exchange(ByteView command) override {
    std::unique_lock lock(mutex_);
    if (ins_ < 0 || command[1] != ins_) return CardDecorator::exchange(command);
    ins_ = -1;
    fired_at_ = Clock::now();
    reader::Exchange exchange{kind_, {}, reinsert_ms_};
    if (kind_ == reader::Exchange::Kind::kAnswerThenReset) exchange.response = transmit(command);
    return exchange;
  }

 private:
  std::unique_ptr<reader::CardEndpoint> card_;
  std::mutex mutex_;
  int ins_ = -1;
  reader::Exchange::Kind kind_ = reader::Exchange::Kind::kAnswer;
  int reinsert_ms_ = -1;
  Clock::time_point fired_at_;
};

std::uint64_t ns_between(Clock::time_point from, Clock::time_point to) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count());
}

// The PC/SC code of one exchange (0 when it went through).
long code_of(pcsc::CardConnection& card, ByteView command) {
  try {
    card.transmit_raw(command);
    return 0;
  } catch (const pcsc::PcscError& e) {
    return e.code();
  }
}

void expect(long got, const char* wanted, const char* what) {
  if (pcsc::error_name(got) != wanted)
    throw std::runtime_error(std::string(what) + ": got " + pcsc::error_name(got) + ", expected " +
                             wanted);
}

int run(bool quick) {
  const std::size_t removals = quick ? 5 : 100, mutes = quick ? 1 : 10, resets = quick ? 5 : 100,
                    round_trips = quick ? 100 : 1000;
  json report = start_report("bench_fault_latency", quick);
  reader::stack::StackDir work;
  const std::string image = work.file("card.img");
  progress("issuing a test card into " + image);
  issue_test_card_image(image);
  std::string error;
  auto simulated = emulator::SimulatedCard::load(image, error);
  if (!simulated) throw std::runtime_error(error);
  auto faulty = std::make_unique<FaultOnce>(std::move(simulated));
  FaultOnce& card = *faulty;
  reader::stack::StackConfig config;
  config.driver = emulator::find_driver();
  std::vector<std::unique_ptr<reader::CardEndpoint>> cards;
  cards.push_back(std::move(faulty));
  reader::stack::PrivateStack stack(config, std::move(cards));
  report["isolation"] = stack.isolation();
  stack.insert(0);
  const std::string reader = stack.reader_name(0);

  pcsc::Context context;
  auto ready = [&] {
    if (!context.wait_for_card(reader, std::chrono::seconds(10)))
      throw std::runtime_error("the card did not come back into " + reader);
    auto connection = context.connect(reader);
    exchange(*connection, kSelectJpki, 2, "SELECT JPKI AP");
    exchange(*connection, kSelectCert, 2, "SELECT EF 000A");
    return connection;
  };
  json operations;
  auto connection = ready();

  progress("READ BINARY round trips (the floor)");
  const Summary floor =
      measure(50, round_trips, [&] { exchange(*connection, kReadBinary256, 258, "READ BINARY"); });
  operations["read_binary_256"] = to_json(floor);

  progress("removal during READ BINARY -> SCARD_E_NOT_TRANSACTED");
  std::vector<std::uint64_t> to_error, to_removed;
  std::size_t next_call_first = 0;
  for (std::size_t i = 0; i < removals; ++i) {
    card.arm(0xB0, reader::Exchange::Kind::kRemove, 0);
    const long code = code_of(*connection, kReadBinary256);
    const auto error_at = Clock::now();
    expect(code, "SCARD_E_NOT_TRANSACTED", "the removed READ BINARY");
    to_error.push_back(ns_between(card.fired_at(), error_at));
    // The next call: SCARD_W_REMOVED_CARD once pcscd's event thread has looked; a call that
    // beats it gets SCARD_E_NOT_TRANSACTED (PROTOCOL.md, Faults). Counted, and asked again.
    long next = code_of(*connection, kReadBinary256);
    if (pcsc::error_name(next) == "SCARD_E_NOT_TRANSACTED") {
      ++next_call_first;
      next = code_of(*connection, kReadBinary256);
    }
    to_removed.push_back(ns_between(card.fired_at(), Clock::now()));
    expect(next, "SCARD_W_REMOVED_CARD", "the call after the removal");
    connection.reset();
    connection = ready();
  }
  const Summary removal = summarize(to_error);
  operations["removal_to_error"] = to_json(removal);
  operations["removal_to_error"]["floor"] = "read_binary_256";
  operations["removal_to_error"]["ratio"] = ratio(removal, floor);
  operations["removal_to_next_call_removed"] = to_json(summarize(to_removed));
  operations["removal_to_next_call_removed"]["next_call_beat_pcscd"] = next_call_first;

  progress("mute READ BINARY -> SCARD_E_NOT_TRANSACTED after the reader's timeout");
  std::vector<std::uint64_t> mute_samples;
  for (std::size_t i = 0; i < mutes; ++i) {
    card.arm(0xB0, reader::Exchange::Kind::kMute, -1);
    const long code = code_of(*connection, kReadBinary256);
    mute_samples.push_back(ns_between(card.fired_at(), Clock::now()));
    expect(code, "SCARD_E_NOT_TRANSACTED", "the mute READ BINARY");
    connection->reset();  // libccid's dead T=1 needs it
    exchange(*connection, kSelectJpki, 2, "SELECT JPKI AP");
    exchange(*connection, kSelectCert, 2, "SELECT EF 000A");
  }
  const Summary mute = summarize(mute_samples);
  operations["mute_to_error"] = to_json(mute);
  operations["mute_to_error"]["reader_timeout_ns"] = kJpkiMuteTimeoutMs * 1000000;
  operations["mute_to_error"]["excess_median_ns"] =
      static_cast<std::int64_t>(mute.median_ns) - kJpkiMuteTimeoutMs * 1000000;

  progress("reset after SELECT: the answer held until pcscd announced the reset");
  std::vector<std::uint64_t> held;
  for (std::size_t i = 0; i < resets; ++i) {
    card.arm(0xA4, reader::Exchange::Kind::kAnswerThenReset, -1);
    std::uint64_t took = 0;
    took = time_ns([&] { exchange(*connection, kSelectCert, 2, "SELECT EF 000A (reset)"); });
    held.push_back(took);
    expect(code_of(*connection, kReadBinary256), "SCARD_W_RESET_CARD", "the call after the reset");
    connection->reset();
    exchange(*connection, kSelectJpki, 2, "SELECT JPKI AP");
    exchange(*connection, kSelectCert, 2, "SELECT EF 000A");
  }
  const Summary reset = summarize(held);
  operations["reset_answer_held"] = to_json(reset);
  operations["reset_answer_held"]["floor"] = "read_binary_256";
  operations["reset_answer_held"]["ratio"] = ratio(reset, floor);

  report["operations"] = operations;
  connection.reset();
  stack.stop();
  print_report(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  CLI::App app{"Time from a fault firing in the card to the PC/SC client's error (JSON)"};
  app.add_flag("--quick", quick, "a few iterations, a smoke run");
  return mynasim::bench::bench_main(app, "bench_fault_latency", argc, argv,
                                    [&] { return run(quick); });
}
