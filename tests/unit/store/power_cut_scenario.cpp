#include "power_cut_scenario.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

namespace mynasim::card::store::test {
namespace {

Step counter_step(std::string what, std::uint8_t value, Durability durability) {
  return {std::move(what), Step::Kind::kCommit, durability, {{kPinCounter, bytes({value})}}};
}

Scenario build() {
  Scenario s;
  s.initial = {{kPinValue, bytes("1234")},
               {kPinCounter, bytes({3})},
               {kCertificate, Bytes(300, 0xC1)},
               {kScratch, bytes("scratch")}};
  using D = Durability;
  s.steps = {
      counter_step("VERIFY: counter 3 -> 2 before comparing", 2, D::kDurable),
      counter_step("VERIFY matched: counter restored 2 -> 3", 3, D::kLazy),
      counter_step("CHANGE PIN: counter 3 -> 2 before comparing", 2, D::kDurable),
      {"CHANGE PIN matched: new value and counter 3 together",
       Step::Kind::kCommit,
       D::kDurable,
       {{kPinValue, bytes("5678")}, {kPinCounter, bytes({3})}}},
      {"UPDATE BINARY: new certificate, scratch erased, lazily",
       Step::Kind::kCommit,
       D::kLazy,
       {{kCertificate, Bytes(280, 0xC2)}, {kScratch, std::nullopt}}},
      {"flush", Step::Kind::kFlush, D::kDurable, {}},
      counter_step("VERIFY: counter 3 -> 2 before comparing", 2, D::kDurable),
      {"a large object: the journal passes the compaction threshold",
       Step::Kind::kCommit,
       D::kDurable,
       {{kLarge, Bytes(ObjectStore::kCompactAfterBytes, 0x1A)}}},
      counter_step("VERIFY after compaction: counter 2 -> 1", 1, D::kDurable),
      {"explicit compaction", Step::Kind::kCompact, D::kDurable, {}},
      counter_step("VERIFY: counter 1 -> 0 (blocked)", 0, D::kDurable),
  };
  s.states.push_back(s.initial);
  for (const Step& step : s.steps) s.states.push_back(apply(s.states.back(), step));
  return s;
}

std::uint8_t counter_of(const ObjectMap& objects) {
  const auto found = objects.find(kPinCounter);
  REQUIRE(found != objects.end());
  REQUIRE(found->second.size() == 1);
  return found->second[0];
}

}  // namespace

ObjectMap apply(ObjectMap objects, const Step& step) {
  for (const auto& [id, value] : step.changes) {
    if (value) {
      objects[id] = *value;
    } else {
      objects.erase(id);
    }
  }
  return objects;
}

StoreStatus perform(ObjectStore& store, const Step& step) {
  switch (step.kind) {
    case Step::Kind::kFlush:
      return store.flush();
    case Step::Kind::kCompact:
      return store.compact();
    case Step::Kind::kCommit:
      break;
  }
  ObjectStore::Batch batch;
  for (const auto& [id, value] : step.changes) {
    if (value) {
      batch.set(id, *value);
    } else {
      batch.erase(id);
    }
  }
  return store.commit(batch, step.durability);
}

const Scenario& pin_scenario() {
  static const Scenario scenario = build();
  return scenario;
}

Run run_scenario(ObjectStore& store, const Scenario& scenario) {
  Run run;
  for (; run.interrupted < scenario.steps.size(); ++run.interrupted) {
    const Step& step = scenario.steps[run.interrupted];
    run.failure = perform(store, step);
    if (!run.failure.ok()) break;
    REQUIRE(store.objects() == scenario.states[run.interrupted + 1]);
    if (step.kind != Step::Kind::kCommit || step.durability == Durability::kDurable) {
      run.durable = run.interrupted + 1;
    }
  }
  // A failed step leaves the in-memory view as it was before it.
  REQUIRE(store.objects() == scenario.states[run.interrupted]);
  return run;
}

std::size_t check_recovered(const ObjectMap& reloaded, const Run& run, const Scenario& scenario) {
  const std::size_t latest = std::min(run.interrupted + 1, scenario.steps.size());
  // From the latest down: states can repeat (a counter lowered, restored, lowered again), and
  // the latest is the one the image most plausibly holds.
  std::size_t matched = scenario.states.size();
  for (std::size_t i = latest + 1; i-- > run.durable && matched == scenario.states.size();) {
    if (scenario.states[i] == reloaded) matched = i;
  }
  INFO("the reloaded objects match none of the states " << run.durable << " to " << latest);
  REQUIRE(matched < scenario.states.size());

  const std::uint8_t before = counter_of(scenario.states[run.interrupted]);
  const std::uint8_t after = counter_of(scenario.states[latest]);
  CHECK(counter_of(reloaded) <= std::max(before, after));
  return matched;
}

}  // namespace mynasim::card::store::test
