#include "reader/faults/fault_engine.hpp"

namespace mynasim::reader::faults {

std::size_t FaultEngine::add(Rule rule) {
  std::lock_guard lock(mutex_);
  State state;
  state.status.rule = std::move(rule);
  state.random = SeededRandom(SeededRandom::mix(seed_, rules_.size()));
  rules_.push_back(std::move(state));
  return rules_.size() - 1;
}

std::vector<RuleStatus> FaultEngine::list() const {
  std::lock_guard lock(mutex_);
  std::vector<RuleStatus> out;
  for (const State& state : rules_) out.push_back(state.status);
  return out;
}

void FaultEngine::clear() {
  std::lock_guard lock(mutex_);
  rules_.clear();
}

bool FaultEngine::fires(State& state, bool matched) {
  ++state.commands;
  if (!matched) return false;
  const std::uint64_t n = ++state.status.matched;
  const Trigger& trigger = state.status.rule.trigger;
  if (state.spent) return false;
  bool selected = true;
  if (trigger.nth) selected = n == *trigger.nth;
  if (trigger.every) selected = n % *trigger.every == 0;
  if (trigger.after_commands) selected = state.commands > *trigger.after_commands;
  if (!selected) return false;
  // Drawn only for the commands the counters select, so a draw depends on nothing else.
  if (trigger.probability && !(state.random.uniform() < *trigger.probability)) {
    if (trigger.nth) state.spent = true;  // the nth match came and the draw said no
    return false;
  }
  if (trigger.nth || trigger.after_commands) state.spent = true;
  return true;
}

std::vector<Firing> FaultEngine::on_command(ByteView command) {
  std::lock_guard lock(mutex_);
  std::vector<Firing> out;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    State& state = rules_[i];
    if (!fires(state, matches(state.status.rule.match, command))) continue;
    ++state.status.fired;
    out.push_back({i, state.status.matched, state.status.rule.action, state.status.rule.name,
                   state.random.next()});
  }
  return out;
}

}  // namespace mynasim::reader::faults
