// `mynatool conformance`: PIN lockout scenarios for every PIN of the card (reader/client/
// pin_catalog.hpp), run over PC/SC against any card, with reports for people and CI systems.
//   conformance.cpp            the command: options, safety, which scenarios may run
//   conformance_runner.cpp     the card under test (commands, reset, power cycle, reconnect,
//                              simulator restart/kill through the harness) and the checks
//   conformance_scenarios.cpp  the scenarios, data-driven over the PIN catalog
//   conformance_report.cpp     terminal table, JUnit XML, JSON
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"
#include "reader/client/channel.hpp"
#include "reader/client/office_client.hpp"
#include "reader/client/pin_catalog.hpp"
#include "reader/client/pin_values.hpp"
#include "reader/client/secret.hpp"
#include "reader/pcsc/context.hpp"

namespace mynasim::tools::conformance {

// One command and what it should have answered.
struct Check {
  std::string step;      // "VERIFY wrong value", "empty VERIFY after reset", ...
  std::string expected;  // "63C2", or "9000"; a host-side expectation says what it wanted
  std::string seen;
  bool pass = false;
};

struct ScenarioResult {
  std::string pin;   // catalog name ("auth"), or "" for card-wide scenarios
  std::string name;  // "wrong values count down and block"
  enum class Outcome { kPassed, kFailed, kSkipped } outcome = Outcome::kPassed;
  std::string message;  // why skipped, or the error that ended it
  std::vector<Check> checks;
  double seconds = 0;
};

// How far the suite may go with this card.
enum class Power {
  kReadOnly,   // not the simulator: only commands that never cost a try
  kBounded,    // a real card with --destructive and the typed confirmation: no counter below 2
  kSimulator,  // the simulator with its office key: anything, blocked PINs are unblocked after
};

// What the runner drives. Throws pcsc::PcscError / std::runtime_error when the card or the
// stack goes away in a way no scenario expects.
class CardUnderTest {
 public:
  struct Options {
    std::string reader;
    bool trace = false;
    std::string simulator_control;  // executable: called with "restart" or "kill"
  };
  explicit CardUnderTest(Options options);
  ~CardUnderTest();

  const std::string& reader() const { return reader_; }
  Bytes atr() const { return card_->atr(); }
  client::Channel& channel() { return *channel_; }
  std::uint16_t transmit(iso7816::CommandApdu command);  // the status word

  std::uint16_t select_application(ByteView aid);
  std::uint16_t select_ef(std::uint16_t fid);
  std::uint16_t query();  // empty VERIFY of the current EF
  std::uint16_t verify(const std::string& value);
  std::uint16_t change(const client::PinEntry& entry, const std::string& new_value);
  std::uint16_t sign_test_digest(std::uint16_t key_fid);  // 80 2A over a SHA-256 DigestInfo

  void reset();
  void power_cycle();
  void reconnect();
  bool has_simulator_control() const { return !options_.simulator_control.empty(); }
  // Runs the harness with `action` (restart, kill), waits for the card and reconnects.
  void simulator(const std::string& action);

 private:
  void connect();
  Options options_;
  pcsc::Context context_;
  std::string reader_;
  std::unique_ptr<pcsc::CardConnection> card_;
  std::unique_ptr<client::PcscChannel> channel_;
};

// The values of the card's PINs, by catalog name ("auth=1234" lines).
using PinValues = client::PinValues;

// What the scenarios share: the card, the values, the power, the office (null: none).
struct Suite {
  CardUnderTest& card;
  const PinValues& values;
  Power power;
  client::OfficeClient* office = nullptr;
  Bytes card_serial;  // for the office
};

// Every scenario for every PIN of the card (absent applications and PINs without a value are
// reported as skipped).
std::vector<ScenarioResult> run_all(Suite& suite);

// Reports.
std::string table(const std::vector<ScenarioResult>& results);
std::string junit_xml(const std::vector<ScenarioResult>& results, const std::string& reader);
std::string json_report(const std::vector<ScenarioResult>& results, const std::string& reader,
                        Power power);
const char* power_name(Power power);

std::string sw_hex(std::uint16_t sw);  // "63C2"

}  // namespace mynasim::tools::conformance
