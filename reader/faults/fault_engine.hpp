// Decides, for each command a card receives, which faults fire: per-rule counters and a seeded
// generator per rule. Thread-safe: the link thread asks while the control socket adds, lists or
// clears rules (`mynasim fault add|list|clear`).
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "reader/faults/fault_rule.hpp"
#include "reader/faults/seeded_random.hpp"

namespace mynasim::reader::faults {

struct Firing {
  std::size_t rule = 0;     // the rule's index in the engine (what `fault list` shows)
  std::uint64_t match = 0;  // how many commands the rule has matched, this one included
  Action action;
  std::string name;
  std::uint64_t draw = 0;  // a fresh number from the rule's generator (corrupt's bit positions)
};

struct RuleStatus {
  Rule rule;
  std::uint64_t matched = 0;  // commands it matched
  std::uint64_t fired = 0;    // times it fired
};

class FaultEngine {
 public:
  // Rule i draws from SplitMix64 seeded with mix(seed, i).
  explicit FaultEngine(std::uint64_t seed = 0) : seed_(seed) {}

  // Appends a rule; returns its index. Its counters (after_commands included) start now.
  std::size_t add(Rule rule);
  std::vector<RuleStatus> list() const;
  // Removes every rule; indexes start from 0 again.
  void clear();

  // Counts the command for every rule and returns those that fire, in rule order (empty: none).
  // Every rule sees every command, so one rule's counts never depend on another's.
  std::vector<Firing> on_command(ByteView command);

 private:
  struct State {
    RuleStatus status;
    std::uint64_t commands = 0;  // commands of any kind since the rule was added
    bool spent = false;          // a once-only rule (nth, after_commands) that has fired
    SeededRandom random{0};
  };
  bool fires(State& state, bool matched);

  const std::uint64_t seed_;
  mutable std::mutex mutex_;
  std::vector<State> rules_;
};

}  // namespace mynasim::reader::faults
