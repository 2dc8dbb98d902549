// bench_reader: the card through a real pcscd and our driver, against an echo card in a second
// reader of the same pcscd (the floor), in one run; JSON on stdout (schema: bench/README.md).
// Progress goes to stderr when it is a terminal. Never run by ctest: timing is not a test.
#include <CLI/CLI.hpp>

#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "bench/bench_main.hpp"
#include "bench/bench_reader_setup.hpp"
#include "bench/report.hpp"
#include "bench/timing.hpp"
#include "reader/emulator/driver_path.hpp"
#include "reader/emulator/simulated_card.hpp"
#include "reader/pcsc/context.hpp"
#include "reader/stack/private_stack.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::bench;
using nlohmann::json;

constexpr double kRoundTripTargetRatio = 1.10;    // our card adds under 10 %
constexpr std::uint64_t kSignTargetNs = 5000000;  // 5 ms
constexpr std::uint64_t kInsertTargetNs = 5000000;

const Bytes kSelectJpki = {0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                           0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
const Bytes kSelectCert = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A};  // EF 000A
const Bytes kSelectPin = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18};   // EF 0018
const Bytes kSelectKey = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x17};   // EF 0017
const Bytes kReadBinary256 = {0x00, 0xB0, 0x00, 0x00, 0x00};           // Le=00: 256 bytes
const Bytes kVerifyPrefix = {0x00, 0x20, 0x00, 0x80, 0x04};            // + 4 PIN digits

struct Options {
  bool quick = false;
  int pin_cpu = -1;
};

struct Counts {
  std::size_t round_trip;  // per APDU kind and card
  std::size_t sign;
  std::size_t insert;
};

// SHA-256 DigestInfo over a fixed (made-up) hash: what the card signs does not change its cost.
Bytes sign_command() {
  Bytes command = {0x80, 0x2A, 0x00, 0x80, 0x33, 0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60,
                   0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
  for (int i = 0; i < 32; ++i) command.push_back(static_cast<std::uint8_t>(0xA0 + i));
  command.push_back(0x00);  // Le: 256 bytes
  return command;
}

// The user-authentication signature as a client does it: SELECT AP, SELECT PIN EF, VERIFY,
// SELECT key EF, SIGN.
void jpki_auth_sign(pcsc::CardConnection& card, ByteView verify, ByteView sign) {
  exchange(card, kSelectJpki, 2, "SELECT JPKI AP");
  exchange(card, kSelectPin, 2, "SELECT EF 0018");
  exchange(card, verify, 2, "VERIFY");
  exchange(card, kSelectKey, 2, "SELECT EF 0017");
  exchange(card, sign, 258, "SIGN");
}

// Times `ours` and `echo` in turn (A B A B ...) so drift hits both.
template <typename Ours, typename Echo>
std::pair<Summary, Summary> interleaved(std::size_t warmup, std::size_t n, Ours ours, Echo echo) {
  for (std::size_t i = 0; i < warmup; ++i) ours(), echo();
  std::vector<std::uint64_t> a, b;
  for (std::size_t i = 0; i < n; ++i) {
    a.push_back(time_ns(ours));
    b.push_back(time_ns(echo));
  }
  return {summarize(std::move(a)), summarize(std::move(b))};
}

json with_floor(const Summary& ours, const Summary& floor, const char* floor_key) {
  json entry = to_json(ours);
  entry["floor"] = floor_key;
  entry["ratio"] = ratio(ours, floor);
  return entry;
}

json with_target(const Summary& summary, std::uint64_t target_ns) {
  json entry = to_json(summary);
  entry["target_median_ns"] = target_ns;
  entry["meets_target"] = summary.median_ns < target_ns;
  return entry;
}

void pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (::sched_setaffinity(0, sizeof set, &set) != 0)
    throw std::runtime_error("cannot pin to CPU " + std::to_string(cpu) + " (" +
                             std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) + " online)");
}

int run(const Options& options) {
  const Counts counts = options.quick ? Counts{200, 10, 20} : Counts{2000, 100, 200};
  const std::string pcscd = reader::stack::pcscd_binary();  // throws a clear message if missing
  if (::access(pcscd.c_str(), X_OK) != 0)
    throw std::runtime_error("pcscd not found at " + pcscd +
                             " (install the Debian package pcscd, or set MYNASIM_PCSCD)");
  // Before any thread or child: pcscd, the janitor and the link threads inherit the mask.
  if (options.pin_cpu >= 0) pin_to_cpu(options.pin_cpu);

  json report = start_report("bench_reader", options.quick);
  report["pinned_cpu"] = options.pin_cpu >= 0 ? json(options.pin_cpu) : json(nullptr);
  report["pcscd"] = pcscd;

  reader::stack::StackDir work;  // the card image; removed at the end, also when killed
  const std::string image = work.file("card.img");
  progress("issuing a test card into " + image);
  issue_test_card_image(image);
  std::string error;
  auto card = emulator::SimulatedCard::load(image, error);
  if (!card) throw std::runtime_error(error);
  auto echo = std::make_unique<EchoCard>(card->atr());

  reader::stack::StackConfig config;
  config.driver = emulator::find_driver();
  std::vector<std::unique_ptr<reader::CardEndpoint>> cards;
  cards.push_back(std::move(card));
  cards.push_back(std::move(echo));
  reader::stack::PrivateStack stack(config, std::move(cards));
  report["isolation"] = stack.isolation();
  stack.insert(0);
  stack.insert(1);

  json operations;
  {
    pcsc::Context context;
    auto ours = context.connect(stack.reader_name(0));
    auto floor = context.connect(stack.reader_name(1));
    report["protocol"] = ours->t1() ? "T=1" : "T=0";

    // One APDU to our card and to the echo in turn; `key` and echo_`key` in the report.
    auto round_trip = [&](const std::string& key, const Bytes& command, std::size_t length,
                          const char* what) {
      progress(std::string(what) + " round trips");
      auto [mine, echo] = interleaved(
          100, counts.round_trip, [&] { exchange(*ours, command, length, what); },
          [&] { exchange(*floor, command, length, what); });
      operations["echo_" + key] = to_json(echo);
      operations[key] = with_floor(mine, echo, ("echo_" + key).c_str());
      operations[key]["target_ratio"] = kRoundTripTargetRatio;
    };
    round_trip("select", kSelectJpki, 2, "SELECT JPKI AP");
    exchange(*ours, kSelectCert, 2, "SELECT EF 000A");
    round_trip("read_binary_256", kReadBinary256, 258, "READ BINARY");

    progress("JPKI user-authentication signatures");
    Bytes verify = kVerifyPrefix;
    for (const char* digit = kTestCardPin; *digit; ++digit) verify.push_back(*digit);
    const Bytes sign = sign_command();
    auto [signature, echo_signature] = interleaved(
        3, counts.sign, [&] { jpki_auth_sign(*ours, verify, sign); },
        [&] { jpki_auth_sign(*floor, verify, sign); });
    operations["echo_jpki_auth_sign"] = to_json(echo_signature);
    operations["jpki_auth_sign"] = with_floor(signature, echo_signature, "echo_jpki_auth_sign");
    operations["jpki_auth_sign"].update(with_target(signature, kSignTargetNs));
  }  // connections closed before the card leaves

  progress("insert to SCARD_STATE_PRESENT");
  std::vector<std::uint64_t> inserts;
  for (std::size_t i = 0; i < counts.insert; ++i) {
    stack.remove(0);
    inserts.push_back(time_ns([&] { stack.insert(0); }));
  }
  operations["insert_to_present"] = with_target(summarize(std::move(inserts)), kInsertTargetNs);

  report["operations"] = operations;
  stack.stop();
  print_report(report);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"Latency of the simulated card through pcscd against an echo card (JSON)"};
  app.add_flag("--quick", options.quick, "a tenth of the iterations, a smoke run");
  app.add_option("--pin-cpu", options.pin_cpu,
                 "run on this CPU only (pcscd and the card threads inherit it)")
      ->check(CLI::NonNegativeNumber);
  return mynasim::bench::bench_main(app, "bench_reader", argc, argv, [&] { return run(options); });
}
