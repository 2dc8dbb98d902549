// The card's life in a few store operations, for cutting the power at every one of them: a PIN
// counter going down durably before a comparison, a lazy restore, a PIN change that sets the
// value and the counter in one batch, an object large enough to trigger compaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "card/store/object_store.hpp"
#include "iso7816/bytes.hpp"
#include "store_test_support.hpp"

namespace mynasim::card::store::test {

inline constexpr ObjectId kPinValue = 0x0101;
inline constexpr ObjectId kPinCounter = 0x0102;
inline constexpr ObjectId kCertificate = 0x0201;
inline constexpr ObjectId kScratch = 0x0301;
inline constexpr ObjectId kLarge = 0x0401;

struct Step {
  enum class Kind { kCommit, kFlush, kCompact };
  std::string what;
  Kind kind = Kind::kCommit;
  Durability durability = Durability::kDurable;
  std::vector<std::pair<ObjectId, std::optional<Bytes>>> changes;  // nullopt: erase
};

struct Scenario {
  ObjectMap initial;
  std::vector<Step> steps;
  std::vector<ObjectMap> states;  // states[i]: before step i; states.back(): after the last
};

const Scenario& pin_scenario();

// One step on a store, and what it does to a model of the objects.
StoreStatus perform(ObjectStore& store, const Step& step);
ObjectMap apply(ObjectMap objects, const Step& step);

// What a run of the scenario did until the power went.
struct Run {
  std::size_t interrupted = 0;  // the first step that failed (steps.size() when none did)
  std::size_t durable = 0;      // steps before this one are durable for sure
  StoreStatus failure;          // what the interrupted step returned
};

// Runs the steps on `store` until one fails; stops there, as a card without power does.
Run run_scenario(ObjectStore& store, const Scenario& scenario);

// The image after the crash must load into one of the states the run may legitimately leave:
// nothing later than the interrupted step's outcome, nothing earlier than the last durable one
// (lazy steps in between may be lost), never a mix within a batch, and never a PIN counter above
// its value before the attempt (or above the value a restoring step sets on purpose). Returns the
// index of the state it matched.
std::size_t check_recovered(const ObjectMap& reloaded, const Run& run, const Scenario& scenario);

}  // namespace mynasim::card::store::test
