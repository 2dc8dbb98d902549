// The scenarios, for every PIN of the catalog the card has and the user gave a value for. The
// status words expected are the simulator profile's (card/runtime/profile.hpp ProfileChoices):
// 63Cx per wrong value, 63C0 on the one that blocks, 6984 after; a value of the wrong length
// 6700 with no try spent; a value of the right length with a wrong character costs a try; CHANGE
// without VERIFY 6982. Safety (Power): kReadOnly sends nothing that can cost a try; kBounded never
// takes a counter below 2; only kSimulator blocks, changes values and restarts mynasim, and puts
// every counter and value back through the office afterwards.
#include <chrono>
#include <functional>
#include <stdexcept>

#include "iso7816/status_words.hpp"
#include "tools/mynatool/conformance.hpp"

namespace mynasim::tools::conformance {
namespace {

constexpr std::uint16_t kOk = 0x9000;
constexpr std::uint16_t kBlocked = 0x6984;
constexpr std::uint16_t kUnverified = 0x6982;
constexpr std::uint16_t kWrongLength = 0x6700;
const Bytes kIsdAid = {0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00};

struct Failed : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct Skip : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One scenario on one PIN: its checks, and the commands that reach the PIN.
class Run {
 public:
  Run(Suite& suite, const client::PinEntry& pin, std::string value, ScenarioResult& result)
      : suite_(suite), pin_(pin), value_(std::move(value)), result_(result) {}

  CardUnderTest& card() { return suite_.card; }
  const client::PinEntry& pin() const { return pin_; }
  const std::string& value() const { return value_; }
  Power power() const { return suite_.power; }

  void expect(const std::string& step, std::uint16_t expected, std::uint16_t seen) {
    result_.checks.push_back({step, sw_hex(expected), sw_hex(seen), expected == seen});
    if (expected != seen)
      throw Failed(step + ": expected " + sw_hex(expected) + ", seen " + sw_hex(seen));
  }
  // SELECT of the PIN's application and EF.
  void open(const std::string& why = "") {
    expect("SELECT application" + why, kOk, card().select_application(pin_.aid));
    expect("SELECT EF", kOk, card().select_ef(pin_.fid));
  }
  // Tries left now (empty VERIFY of the current EF); fails unless the card answers 63Cx.
  int tries(const std::string& step) {
    const std::uint16_t sw = card().query();
    if (!iso7816::sw::is_tries_left(sw)) {
      result_.checks.push_back({step, "63Cx", sw_hex(sw), false});
      throw Failed(step + ": expected 63Cx, seen " + sw_hex(sw));
    }
    result_.checks.push_back({step, "63Cx", sw_hex(sw), true});
    return sw & 0x0F;
  }
  // A wrong value that costs a try is sent only when the counter stays >= 2 on a real card.
  void may_spend(int left, int count = 1) {
    if (power() == Power::kBounded && left - count < 2)
      throw Skip("the counter is " + std::to_string(left) + ": spending " + std::to_string(count) +
                 " would take a real card below 2");
  }
  std::string wrong_value() const {
    std::string wrong = value_;
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    return wrong;
  }

 private:
  Suite& suite_;
  const client::PinEntry& pin_;
  std::string value_;
  ScenarioResult& result_;
};

std::uint16_t key_of(const client::PinEntry& pin) {
  if (pin.name == "auth") return 0x0017;
  if (pin.name == "sign") return 0x001A;
  return 0;
}

// --- the scenarios ---

void query_never_consumes(Run& r) {
  r.open();
  const int full = r.tries("empty VERIFY");
  for (int i = 0; i < 2; ++i)
    r.expect("empty VERIFY again", iso7816::sw::tries_left(full), r.card().query());
  r.card().reset();
  r.open(" after reset");
  r.expect("empty VERIFY after reset", iso7816::sw::tries_left(full), r.card().query());
  r.card().power_cycle();
  r.open(" after power cycle");
  r.expect("empty VERIFY after power cycle", iso7816::sw::tries_left(full), r.card().query());
  r.card().reconnect();
  r.open(" after reconnect");
  r.expect("empty VERIFY after reconnect", iso7816::sw::tries_left(full), r.card().query());
}

void countdown_and_block(Run& r) {
  r.open();
  const int full = r.tries("empty VERIFY");
  if (r.power() == Power::kBounded) {  // down to 2 only, then the right value
    r.may_spend(full, full - 2);
    for (int left = full - 1; left >= 2; --left)
      r.expect("VERIFY wrong value", iso7816::sw::tries_left(static_cast<std::uint8_t>(left)),
               r.card().verify(r.wrong_value()));
    r.expect("VERIFY right value", kOk, r.card().verify(r.value()));
    r.open();
    r.expect("empty VERIFY: restored", iso7816::sw::tries_left(full), r.card().query());
    return;
  }
  for (int left = full - 1; left >= 0; --left)
    r.expect(left == 0 ? "VERIFY wrong value: blocks" : "VERIFY wrong value",
             iso7816::sw::tries_left(static_cast<std::uint8_t>(left)),
             r.card().verify(r.wrong_value()));
  r.expect("VERIFY right value when blocked", kBlocked, r.card().verify(r.value()));
  r.expect("VERIFY wrong value when blocked", kBlocked, r.card().verify(r.wrong_value()));
  r.expect("empty VERIFY when blocked", iso7816::sw::tries_left(0), r.card().query());
  r.card().reset();
  r.open(" after reset");
  r.expect("VERIFY right value after reset: still blocked", kBlocked, r.card().verify(r.value()));
}

void right_value_restores(Run& r) {
  r.open();
  const int full = r.tries("empty VERIFY");
  r.may_spend(full);
  r.expect("VERIFY wrong value", iso7816::sw::tries_left(static_cast<std::uint8_t>(full - 1)),
           r.card().verify(r.wrong_value()));
  r.expect("VERIFY right value", kOk, r.card().verify(r.value()));
  r.open(" again");
  r.expect("empty VERIFY: counter restored", iso7816::sw::tries_left(full), r.card().query());
}

// One wrong value, then `event`; the spent try must still be spent.
std::function<void(Run&)> counter_survives(const std::string& event_name,
                                           std::function<void(CardUnderTest&)> event) {
  return [event_name, event](Run& r) {
    r.open();
    const int full = r.tries("empty VERIFY");
    r.may_spend(full);
    r.expect("VERIFY wrong value", iso7816::sw::tries_left(static_cast<std::uint8_t>(full - 1)),
             r.card().verify(r.wrong_value()));
    event(r.card());
    r.open(" after " + event_name);
    r.expect("empty VERIFY after " + event_name,
             iso7816::sw::tries_left(static_cast<std::uint8_t>(full - 1)), r.card().query());
    r.expect("VERIFY right value", kOk, r.card().verify(r.value()));
  };
}

void verified_state_cleared(Run& r) {
  r.open();
  const int full = r.tries("empty VERIFY");
  r.expect("VERIFY right value", kOk, r.card().verify(r.value()));
  // A real card still reports the tries (63Cx, never 9000: the trace of OpenSC PR 959), and the
  // query does not log the key out.
  r.expect("empty VERIFY when verified", iso7816::sw::tries_left(full), r.card().query());
  const std::uint16_t key = key_of(r.pin());
  if (key) r.expect("signature after the empty VERIFY", kOk, r.card().sign_test_digest(key));
  r.card().reset();
  r.open(" after reset");
  r.expect("empty VERIFY after reset: not verified", iso7816::sw::tries_left(full),
           r.card().query());
  if (key) r.expect("signature after reset", kUnverified, r.card().sign_test_digest(key));
  r.open();
  r.expect("VERIFY right value", kOk, r.card().verify(r.value()));
  if (key) r.expect("signature when verified", kOk, r.card().sign_test_digest(key));
  r.expect("SELECT of another application (the ISD)", kOk, r.card().select_application(kIsdAid));
  r.open(" again");
  r.expect("empty VERIFY after re-SELECT: not verified", iso7816::sw::tries_left(full),
           r.card().query());
  if (key) r.expect("signature after re-SELECT", kUnverified, r.card().sign_test_digest(key));
}

void badly_formed(Run& r) {
  const auto& pin = r.pin();
  r.open();
  const int full = r.tries("empty VERIFY");
  const std::string digits = "12345678901234567890";
  const bool password = pin.charset == client::PinCharset::kUpperAlnum;
  const std::string short_value =
      password ? std::string(pin.min_length - 1u, 'A') : digits.substr(0, pin.min_length - 1u);
  const std::string long_value =
      password ? std::string(pin.max_length + 1u, 'A') : digits.substr(0, pin.max_length + 1u);
  r.may_spend(full);  // a real card might count a malformed value: one at most, see expect()
  r.expect("VERIFY " + std::to_string(short_value.size()) + " characters", kWrongLength,
           r.card().verify(short_value));
  r.expect("VERIFY " + std::to_string(long_value.size()) + " characters", kWrongLength,
           r.card().verify(long_value));
  r.expect("empty VERIFY: no try spent", iso7816::sw::tries_left(full), r.card().query());
  // The right length with a character outside the format is compared, and costs a try.
  std::string odd = r.value();
  if (password) {
    for (char& c : odd) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (odd == r.value()) odd.back() = 'a';
  } else {
    odd.back() = 'A';
  }
  r.expect(password ? "VERIFY lowercase password" : "VERIFY non-digit value",
           iso7816::sw::tries_left(static_cast<std::uint8_t>(full - 1)), r.card().verify(odd));
  r.expect("VERIFY right value", kOk, r.card().verify(r.value()));
}

void change_rules(Run& r) {
  const auto& pin = r.pin();
  r.open();
  const int full = r.tries("empty VERIFY");
  std::string other = pin.charset == client::PinCharset::kUpperAlnum ? "CONFORM1" : r.wrong_value();
  other.resize(std::max<std::size_t>(other.size(), pin.min_length), '7');
  r.expect("CHANGE without VERIFY", kUnverified, r.card().change(pin, other));
  r.expect("empty VERIFY: nothing spent", iso7816::sw::tries_left(full), r.card().query());
  if (pin.change == client::PinChange::kNone) {
    r.expect("VERIFY right value", kOk, r.card().verify(r.value()));
    r.expect("CHANGE of a value printed on the card", kUnverified, r.card().change(pin, other));
    return;
  }
  r.expect("VERIFY right value", kOk, r.card().verify(r.value()));
  r.expect("CHANGE to a new value", kOk, r.card().change(pin, other));
  r.open(" again");
  r.expect("VERIFY old value", iso7816::sw::tries_left(static_cast<std::uint8_t>(full - 1)),
           r.card().verify(r.value()));
  r.expect("VERIFY new value", kOk, r.card().verify(other));
  r.expect("CHANGE back", kOk, r.card().change(pin, r.value()));
  r.open(" again");
  r.expect("VERIFY the first value", kOk, r.card().verify(r.value()));
}

struct Scenario {
  const char* name;
  Power needs;
  bool needs_value;
  std::function<void(Run&)> body;
  bool needs_harness = false;
};

std::vector<Scenario> scenarios() {
  auto reset = [](CardUnderTest& c) { c.reset(); };
  auto power = [](CardUnderTest& c) { c.power_cycle(); };
  auto reconnect = [](CardUnderTest& c) { c.reconnect(); };
  auto restart = [](CardUnderTest& c) { c.simulator("restart"); };
  auto kill = [](CardUnderTest& c) { c.simulator("kill"); };
  return {
      {"retry query never consumes (reset, power cycle, reconnect)", Power::kReadOnly, false,
       query_never_consumes},
      {"wrong values count down, the last blocks (63C0), then 6984", Power::kBounded, true,
       countdown_and_block},
      {"the right value restores the counter", Power::kBounded, true, right_value_restores},
      {"counter survives reset", Power::kBounded, true, counter_survives("reset", reset)},
      {"counter survives power cycle", Power::kBounded, true,
       counter_survives("power cycle", power)},
      {"counter survives reconnect", Power::kBounded, true,
       counter_survives("reconnect", reconnect)},
      {"counter survives restart of mynasim", Power::kSimulator, true,
       counter_survives("restart of mynasim", restart), true},
      {"counter survives kill -9 of mynasim", Power::kSimulator, true,
       counter_survives("kill -9 of mynasim", kill), true},
      {"verified state cleared by reset and by SELECT", Power::kBounded, true,
       verified_state_cleared},
      {"badly formed values", Power::kBounded, true, badly_formed},
      {"CHANGE needs VERIFY; the old value fails after a change", Power::kSimulator, true,
       change_rules},
  };
}

// After a scenario: the simulator's PIN gets its value and a full counter back through the office;
// a real card's, the right value, only while a wrong one could not take it below 2.
void restore(Suite& suite, const client::PinEntry& pin, const std::string& value) {
  if (value.empty()) return;
  if (suite.power == Power::kBounded) {
    if (suite.card.select_application(pin.aid) != kOk || suite.card.select_ef(pin.fid) != kOk)
      return;
    const std::uint16_t sw = suite.card.query();
    if (iso7816::sw::is_tries_left(sw) && (sw & 0x0F) >= 3) suite.card.verify(value);
    return;
  }
  if (suite.power != Power::kSimulator || !suite.office) return;
  suite.office->open(pin.aid, suite.card_serial);
  const client::Secret secret(value);
  suite.office->reset_retry_counter(pin.fid, &secret);
}

}  // namespace

std::vector<ScenarioResult> run_all(Suite& suite) {
  std::vector<ScenarioResult> results;
  for (const auto& pin : client::pin_catalog()) {
    const auto found = suite.values.find(std::string(pin.name));
    const std::string value = found == suite.values.end() ? std::string() : found->second;
    const bool present = suite.card.select_application(pin.aid) == kOk;
    if (present && suite.power == Power::kSimulator && !value.empty()) restore(suite, pin, value);
    for (const auto& scenario : scenarios()) {
      ScenarioResult result;
      result.pin = std::string(pin.name);
      result.name = scenario.name;
      const auto started = std::chrono::steady_clock::now();
      try {
        if (!present)
          throw Skip("the card has no " + std::string(pin.application) + " application");
        if (scenario.needs_value && value.empty())
          throw Skip("no value given for PIN " + std::string(pin.name));
        if (static_cast<int>(suite.power) < static_cast<int>(scenario.needs))
          throw Skip(std::string("needs ") + power_name(scenario.needs) +
                     " (this run: " + power_name(suite.power) + ")");
        if (scenario.needs_harness && !suite.card.has_simulator_control())
          throw Skip("needs the simulator harness (--simulator-control)");
        Run run(suite, pin, value, result);
        scenario.body(run);
      } catch (const Skip& e) {
        result.outcome = ScenarioResult::Outcome::kSkipped;
        result.message = e.what();
      } catch (const std::exception& e) {
        result.outcome = ScenarioResult::Outcome::kFailed;
        result.message = e.what();
      }
      if (result.outcome != ScenarioResult::Outcome::kSkipped) {
        try {
          restore(suite, pin, value);
        } catch (const std::exception& e) {
          result.outcome = ScenarioResult::Outcome::kFailed;
          result.message += std::string(result.message.empty() ? "" : "; ") +
                            "restoring the PIN through the office failed: " + e.what();
        }
      }
      result.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      results.push_back(std::move(result));
    }
  }
  return results;
}

}  // namespace mynasim::tools::conformance
