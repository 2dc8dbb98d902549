// The faults file (docs/faults.md): what a good one becomes, and the one message for each kind
// of bad one, word for word (they are the user's only guide to fixing the file).
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "reader/faults/fault_plan.hpp"

using namespace mynasim;
using namespace mynasim::reader::faults;

namespace {

// The message a bad file gets, or "accepted".
std::string problem(const std::string& text) {
  std::vector<std::string> warnings;
  try {
    parse_plan(text, "f.json", warnings);
  } catch (const PlanError& e) {
    return e.what();
  }
  return "accepted";
}

// A file with one fault whose body is `entry`.
std::string one(const std::string& entry) {
  return R"({"faults": [{"match": {"ins": "B0"}, "action": "delay", "ms": 1}, )" + entry + "]}";
}

std::vector<std::string> warnings_of(const std::string& text) {
  std::vector<std::string> warnings;
  parse_plan(text, "f.json", warnings);
  return warnings;
}

}  // namespace

TEST_CASE("the issue's example file parses into its six faults") {
  const std::string text = R"({"seed": 7, "faults": [
    {"match": {"ins": "2A"}, "nth": 1, "action": "remove", "when": "during", "reinsert_ms": 500},
    {"match": {"ins": "B0"}, "action": "delay", "ms": 40},
    {"match": {"ins": "20", "p2": "80"}, "nth": 2, "action": "sw", "sw": "6581"},
    {"match": {"cla": "00", "ins": "A4"}, "nth": 3, "action": "mute"},
    {"match": {"ins": "84"}, "action": "corrupt", "bits": 1},
    {"after_commands": 25, "action": "reset"}
  ]})";
  std::vector<std::string> warnings;
  const Plan plan = parse_plan(text, "f.json", warnings);
  CHECK(warnings.empty());
  CHECK(plan.seed == 7);
  REQUIRE(plan.rules.size() == 6);
  const Rule& remove = plan.rules[0];
  CHECK(remove.match.ins == std::optional<std::uint8_t>(0x2A));
  CHECK_FALSE(remove.match.cla);
  CHECK(remove.trigger.nth == std::optional<std::uint64_t>(1));
  CHECK(remove.action.kind == ActionKind::kRemove);
  CHECK(remove.action.when == When::kDuring);
  CHECK(remove.action.reinsert_ms == 500);
  CHECK(plan.rules[1].action.kind == ActionKind::kDelay);
  CHECK(plan.rules[1].action.delay_ms == 40);
  CHECK_FALSE(plan.rules[1].trigger.nth);  // no trigger: every match
  CHECK(plan.rules[2].match.p2 == std::optional<std::uint8_t>(0x80));
  CHECK(plan.rules[2].action.sw == 0x6581);
  CHECK(plan.rules[3].match.cla == std::optional<std::uint8_t>(0x00));
  CHECK(plan.rules[3].action.kind == ActionKind::kMute);
  CHECK(plan.rules[4].action.bits == 1);
  CHECK(plan.rules[5].trigger.after_commands == std::optional<std::uint64_t>(25));
  CHECK(plan.rules[5].action.kind == ActionKind::kReset);
  CHECK(plan.rules[1].source == R"({"action":"delay","match":{"ins":"B0"},"ms":40})");
}

TEST_CASE("defaults where a fault says nothing") {
  std::vector<std::string> warnings;
  const Plan plan = parse_plan(
      R"({"faults": [{"action": "remove"}, {"action": "corrupt"}, {"action": "power_loss"},
                     {"action": "field_loss"}, {"action": "mute", "match": {"data": "3F00"}}]})",
      "f.json", warnings);
  CHECK(plan.seed == 0);
  CHECK(plan.rules[0].action.when == When::kDuring);
  CHECK(plan.rules[0].action.reinsert_ms == -1);  // never comes back
  CHECK(plan.rules[1].action.bits == 1);
  CHECK(plan.rules[2].action.step == 1);
  CHECK(plan.rules[2].action.reinsert_ms == -1);
  CHECK(plan.rules[3].action.reinsert_ms == 100);  // the reader finds the card again
  CHECK(plan.rules[4].match.data_prefix == std::optional<Bytes>(Bytes{0x3F, 0x00}));
}

TEST_CASE("a file that is not a faults file: one message naming it") {
  CHECK(problem("{\"faults\": [}") ==
        "f.json: not JSON: parse error at line 1, column 13: syntax error while parsing value - "
        "unexpected '}'; expected '[', '{', or a literal");
  CHECK(problem("[1]") == "f.json: must be an object {\"seed\": N, \"faults\": [...]}, not [1]");
  CHECK(problem(R"({"faults": [], "sead": 1})") ==
        "f.json: unknown field \"sead\" (a faults file has \"seed\" and \"faults\")");
  CHECK(problem(R"({"seed": 1})") == "f.json: no \"faults\" (an array of faults)");
  CHECK(problem(R"({"faults": {}})") == "f.json: faults: must be an array of faults, not {}");
  CHECK(problem(R"({"seed": "7", "faults": []})") ==
        "f.json: seed: must be a whole number, 0 or more, not \"7\"");
  CHECK(problem(R"({"seed": -1, "faults": []})") ==
        "f.json: seed: must be a whole number, 0 or more, not -1");
  CHECK(problem(R"({"faults": [3]})") == "f.json: faults[0]: must be an object, not 3");
}

TEST_CASE("load_plan names a file it cannot read") {
  std::vector<std::string> warnings;
  CHECK_THROWS_WITH(load_plan("/nonexistent/f.json", warnings),
                    "/nonexistent/f.json: cannot read: No such file or directory");
}

TEST_CASE("actions and fields: unknown, misplaced, missing") {
  CHECK(problem(one(R"({"action": "explode"})")) ==
        "f.json: faults[1].action: unknown action \"explode\" (one of remove, mute, delay, sw, "
        "corrupt, reset, power_loss, field_loss)");
  CHECK(problem(one(R"({"match": {}})")) ==
        "f.json: faults[1]: no \"action\" (one of remove, mute, delay, sw, corrupt, reset, "
        "power_loss, field_loss)");
  CHECK(problem(one(R"({"action": 3})")) == "f.json: faults[1].action: must be a string, not 3");
  CHECK(problem(one(R"({"action": "mute", "colour": "red"})")) ==
        "f.json: faults[1]: unknown field \"colour\"");
  CHECK(problem(one(R"({"action": "sw", "sw": "6581", "ms": 3})")) ==
        "f.json: faults[1].ms: not a field of action \"sw\" (it takes sw)");
  CHECK(problem(one(R"({"action": "mute", "when": "before"})")) ==
        "f.json: faults[1].when: not a field of action \"mute\" (it takes none)");
  CHECK(problem(one(R"({"action": "delay"})")) ==
        "f.json: faults[1]: action \"delay\" needs \"ms\"");
  CHECK(problem(one(R"({"action": "sw"})")) == "f.json: faults[1]: action \"sw\" needs \"sw\"");
  CHECK(problem(one(R"({"action": "mute", "name": 1})")) ==
        "f.json: faults[1].name: must be a string, not 1");
}

TEST_CASE("matches: header bytes are 2 hex digits, data is hex") {
  CHECK(problem(one(R"({"action": "mute", "match": {"ins": "2"}})")) ==
        "f.json: faults[1].match.ins: must be 2 hex digits, not \"2\"");
  CHECK(problem(one(R"({"action": "mute", "match": {"cla": 0}})")) ==
        "f.json: faults[1].match.cla: must be 2 hex digits, not 0");
  CHECK(problem(one(R"({"action": "mute", "match": {"p1": "G0"}})")) ==
        "f.json: faults[1].match.p1: must be 2 hex digits, not \"G0\"");
  CHECK(problem(one(R"({"action": "mute", "match": {"data": "ABC"}})")) ==
        "f.json: faults[1].match.data: must be hex digits (two per byte), not \"ABC\"");
  CHECK(problem(one(R"({"action": "mute", "match": {"le": "00"}})")) ==
        "f.json: faults[1].match: unknown field \"le\" (a match has cla, ins, p1, p2, data)");
  CHECK(problem(one(R"({"action": "mute", "match": "B0"})")) ==
        "f.json: faults[1].match: must be an object, not \"B0\"");
}

TEST_CASE("triggers: one counter at most, numbers in range") {
  CHECK(problem(one(R"({"action": "mute", "nth": 1, "every": 2})")) ==
        "f.json: faults[1]: give one of nth, every, after_commands, not both nth and every");
  CHECK(problem(one(R"({"action": "mute", "nth": -1})")) ==
        "f.json: faults[1].nth: must be a whole number (1 = the first matching command), not -1");
  CHECK(problem(one(R"({"action": "mute", "nth": 1.5})")) ==
        "f.json: faults[1].nth: must be a whole number (1 = the first matching command), not 1.5");
  CHECK(problem(one(R"({"action": "mute", "every": 0})")) ==
        "f.json: faults[1].every: must be a whole number from 1 (1 = every matching command), "
        "not 0");
  CHECK(problem(one(R"({"action": "mute", "after_commands": "5"})")) ==
        "f.json: faults[1].after_commands: must be a whole number of commands, 0 or more, not "
        "\"5\"");
  CHECK(problem(one(R"({"action": "mute", "probability": 1.5})")) ==
        "f.json: faults[1].probability: must be a number from 0 to 1, not 1.5");
  CHECK(problem(one(R"({"action": "mute", "probability": -0.1})")) ==
        "f.json: faults[1].probability: must be a number from 0 to 1, not -0.1");
}

TEST_CASE("impossible action values") {
  CHECK(problem(one(R"({"action": "delay", "ms": -5})")) ==
        "f.json: faults[1].ms: must be a number of milliseconds from 0 to 59999 (the reader "
        "gives up after 60 s; use \"mute\" for a card that never answers), not -5");
  CHECK(problem(one(R"({"action": "delay", "ms": 60000})")) ==
        "f.json: faults[1].ms: must be a number of milliseconds from 0 to 59999 (the reader "
        "gives up after 60 s; use \"mute\" for a card that never answers), not 60000");
  CHECK(problem(one(R"({"action": "sw", "sw": "658"})")) ==
        "f.json: faults[1].sw: must be 4 hex digits (a status word such as \"6581\"), not \"658\"");
  CHECK(problem(one(R"({"action": "sw", "sw": 6581})")) ==
        "f.json: faults[1].sw: must be 4 hex digits, not 6581");
  CHECK(problem(one(R"({"action": "corrupt", "bits": 0})")) ==
        "f.json: faults[1].bits: must be a whole number from 1 to 65536, not 0");
  CHECK(problem(one(R"({"action": "power_loss", "step": 0})")) ==
        "f.json: faults[1].step: must be a whole number from 1 (the write's first system call) "
        "to 1000000, not 0");
  CHECK(problem(one(R"({"action": "remove", "reinsert_ms": -1})")) ==
        "f.json: faults[1].reinsert_ms: must be a whole number of milliseconds from 0 to "
        "86400000, not -1");
  CHECK(problem(one(R"({"action": "remove", "when": "later"})")) ==
        "f.json: faults[1].when: must be \"before\", \"during\" or \"after\", not \"later\"");
  CHECK(problem(one(R"({"action": "delay", "ms": 59999})")) == "accepted");
  CHECK(problem(one(R"({"action": "delay", "ms": 0.5})")) == "accepted");
}

TEST_CASE("a fault that can never fire is a warning naming file, entry and field") {
  CHECK(warnings_of(one(R"({"action": "mute", "match": {"ins": "61"}})")) ==
        std::vector<std::string>{"warning: f.json: faults[1].match.ins: 61 is no command's INS "
                                 "(ISO 7816-3 forbids 6X and 9X): this fault can never fire"});
  CHECK(warnings_of(one(R"({"action": "mute", "match": {"ins": "6C"}})")) ==
        std::vector<std::string>{"warning: f.json: faults[1].match.ins: 6C is no command's INS "
                                 "(ISO 7816-3 forbids 6X and 9X): this fault can never fire"});
  CHECK(warnings_of(one(R"({"action": "mute", "match": {"ins": "9a"}})")) ==
        std::vector<std::string>{"warning: f.json: faults[1].match.ins: 9A is no command's INS "
                                 "(ISO 7816-3 forbids 6X and 9X): this fault can never fire"});
  CHECK(warnings_of(one(R"({"action": "mute", "match": {"cla": "FF"}})")) ==
        std::vector<std::string>{"warning: f.json: faults[1].match.cla: FF is no command's CLA "
                                 "(ISO 7816-3 keeps it for PPS): this fault can never fire"});
  CHECK(warnings_of(one(R"({"action": "mute", "match": {"ins": "B0", "data": "00"}})")) ==
        std::vector<std::string>{"warning: f.json: faults[1].match.data: B0 (READ BINARY) "
                                 "carries no command data: this fault can never fire"});
  CHECK(warnings_of(one(R"({"action": "mute", "nth": 0})")) ==
        std::vector<std::string>{"warning: f.json: faults[1].nth: 0 counts no command (the "
                                 "first is 1): this fault can never fire"});
  CHECK(warnings_of(one(R"({"action": "mute", "probability": 0})")) ==
        std::vector<std::string>{
            "warning: f.json: faults[1].probability: 0: this fault can never fire"});
  // Odd INS B1 (READ BINARY with an offset data object) does carry data: no warning.
  CHECK(warnings_of(one(R"({"action": "mute", "match": {"ins": "B1", "data": "54"}})")).empty());
  CHECK(warnings_of(one(R"({"action": "mute", "match": {"ins": "B0", "data": ""}})")).empty());
}

TEST_CASE("one fault alone (fault add) has the same rules, messages without an entry") {
  std::vector<std::string> warnings;
  const Rule rule =
      parse_rule(R"({"match": {"ins": "20"}, "every": 2, "action": "sw", "sw": "63C1"})",
                 "the fault given", warnings);
  CHECK(rule.trigger.every == std::optional<std::uint64_t>(2));
  CHECK(rule.action.sw == 0x63C1);
  CHECK_THROWS_WITH(parse_rule(R"({"action": "delay", "ms": -1})", "the fault given", warnings),
                    "the fault given: ms: must be a number of milliseconds from 0 to 59999 (the "
                    "reader gives up after 60 s; use \"mute\" for a card that never answers), "
                    "not -1");
  CHECK_THROWS_WITH(parse_rule(R"({"action": "mute", "x": 1})", "the fault given", warnings),
                    "the fault given: unknown field \"x\"");
}
