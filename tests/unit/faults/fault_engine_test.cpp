// The engine's triggers: which of a sequence of commands each rule fires on, and that the
// seeded draws repeat under the same seed and differ under another.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "reader/faults/fault_engine.hpp"
#include "reader/faults/fault_plan.hpp"

using namespace mynasim;
using namespace mynasim::reader::faults;

namespace {

const Bytes kVerify = {0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34};
const Bytes kRead = {0x00, 0xB0, 0x00, 0x00, 0x10};
const Bytes kSelect = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18};

Rule rule(const std::string& json) {
  std::vector<std::string> warnings;
  return parse_rule(json, "test", warnings);
}

// The 1-based positions in `commands` at which rule 0 fires.
std::vector<int> firings(FaultEngine& engine, const std::vector<Bytes>& commands) {
  std::vector<int> out;
  for (std::size_t i = 0; i < commands.size(); ++i)
    for (const Firing& firing : engine.on_command(commands[i]))
      if (firing.rule == 0) out.push_back(static_cast<int>(i + 1));
  return out;
}

std::vector<Bytes> times(const Bytes& command, int n) {
  return std::vector<Bytes>(static_cast<std::size_t>(n), command);
}

}  // namespace

TEST_CASE("match: header fields and a data prefix") {
  Match match;
  match.ins = 0x20;
  match.p2 = 0x80;
  CHECK(matches(match, kVerify));
  CHECK_FALSE(matches(match, kRead));
  match.data_prefix = Bytes{0x31, 0x32};
  CHECK(matches(match, kVerify));
  match.data_prefix = Bytes{0x32};
  CHECK_FALSE(matches(match, kVerify));
  CHECK_FALSE(matches(Match{}, Bytes{0x00, 0xB0}));  // not a command
  CHECK(matches(Match{}, kRead));
}

TEST_CASE("nth fires on the nth matching command only, others do not count") {
  FaultEngine engine;
  engine.add(rule(R"({"match": {"ins": "20"}, "nth": 2, "action": "sw", "sw": "6581"})"));
  // VERIFY, READ, VERIFY, VERIFY, READ, VERIFY: the 2nd VERIFY is command 3.
  CHECK(firings(engine, {kVerify, kRead, kVerify, kVerify, kRead, kVerify}) == std::vector<int>{3});
  const auto status = engine.list();
  REQUIRE(status.size() == 1);
  CHECK(status[0].matched == 4);
  CHECK(status[0].fired == 1);
}

TEST_CASE("no trigger: every matching command; every N: the Nth, 2Nth, ...") {
  FaultEngine all;
  all.add(rule(R"({"match": {"ins": "B0"}, "action": "mute"})"));
  CHECK(firings(all, {kRead, kVerify, kRead, kRead}) == std::vector<int>{1, 3, 4});
  FaultEngine every;
  every.add(rule(R"({"match": {"ins": "B0"}, "every": 3, "action": "mute"})"));
  CHECK(firings(every, times(kRead, 10)) == std::vector<int>{3, 6, 9});
}

TEST_CASE("after_commands N fires once, on the first match after N commands of any kind") {
  FaultEngine engine;
  engine.add(rule(R"({"after_commands": 3, "action": "reset"})"));
  CHECK(firings(engine, times(kRead, 8)) == std::vector<int>{4});
  FaultEngine matched;
  matched.add(rule(R"({"after_commands": 2, "match": {"ins": "20"}, "action": "reset"})"));
  // Commands 1-3 are READs: the first VERIFY after two commands is command 4.
  CHECK(firings(matched, {kVerify, kRead, kRead, kVerify, kVerify}) == std::vector<int>{4});
}

TEST_CASE("nth 0 never fires") {
  std::vector<std::string> warnings;
  FaultEngine engine;
  engine.add(parse_rule(R"({"nth": 0, "action": "mute"})", "test", warnings));
  CHECK(firings(engine, times(kRead, 5)).empty());
}

TEST_CASE("probability: the same seed and commands give the same firings, another seed others") {
  const std::string fault = R"({"match": {"ins": "B0"}, "probability": 0.5, "action": "mute"})";
  auto run = [&](std::uint64_t seed) {
    FaultEngine engine(seed);
    engine.add(rule(fault));
    return firings(engine, times(kRead, 64));
  };
  const std::vector<int> seven = run(7);
  CHECK(seven == run(7));
  CHECK(seven != run(8));
  // About half of 64, as a fair coin gives (bounds: 6 standard deviations).
  CHECK(seven.size() >= 8);
  CHECK(seven.size() <= 56);
  // Commands that do not match draw nothing: interleaving them changes no firing.
  FaultEngine interleaved(7);
  interleaved.add(rule(fault));
  std::vector<Bytes> commands;
  for (int i = 0; i < 64; ++i) {
    commands.push_back(kSelect);
    commands.push_back(kRead);
  }
  std::vector<int> positions;
  for (int at : firings(interleaved, commands)) positions.push_back(at / 2);
  CHECK(positions == seven);
}

TEST_CASE("probability 1 always fires; with nth it decides the nth match only") {
  FaultEngine always;
  always.add(rule(R"({"probability": 1, "action": "mute"})"));
  CHECK(firings(always, times(kRead, 3)) == std::vector<int>{1, 2, 3});
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    FaultEngine engine(seed);
    engine.add(rule(R"({"nth": 2, "probability": 0.5, "action": "mute"})"));
    const auto fired = firings(engine, times(kRead, 6));
    CHECK((fired.empty() || fired == std::vector<int>{2}));
  }
}

TEST_CASE("every rule counts every command; several may fire on one, in rule order") {
  FaultEngine engine;
  engine.add(rule(R"({"match": {"ins": "20"}, "nth": 1, "action": "sw", "sw": "6581"})"));
  engine.add(rule(R"({"match": {"ins": "20"}, "nth": 1, "action": "delay", "ms": 1})"));
  engine.add(rule(R"({"match": {"ins": "20"}, "nth": 2, "action": "mute"})"));
  const auto first = engine.on_command(kVerify);
  REQUIRE(first.size() == 2);
  CHECK(first[0].rule == 0);
  CHECK(first[0].match == 1);
  CHECK(first[1].rule == 1);
  CHECK(first[1].action.kind == ActionKind::kDelay);
  const auto second = engine.on_command(kVerify);
  REQUIRE(second.size() == 1);
  CHECK(second[0].rule == 2);
  CHECK(second[0].match == 2);
}

TEST_CASE("add, list, clear") {
  FaultEngine engine;
  CHECK(engine.add(rule(R"({"action": "mute"})")) == 0);
  CHECK(engine.add(rule(R"({"action": "reset", "name": "r"})")) == 1);
  engine.on_command(kRead);
  auto status = engine.list();
  REQUIRE(status.size() == 2);
  CHECK(status[1].rule.name == "r");
  CHECK(status[1].rule.source == R"({"action":"reset","name":"r"})");
  CHECK(status[0].fired == 1);
  engine.clear();
  CHECK(engine.list().empty());
  CHECK(engine.on_command(kRead).empty());
  CHECK(engine.add(rule(R"({"action": "mute"})")) == 0);  // indexes start again
}
