// The power cut at every write operation of the PIN scenario, on the MemoryStorage crash model:
// every torn size that matters, with the unsynced tail written back or lost.
#include <catch2/catch.hpp>

#include "card/store/memory_storage.hpp"
#include "power_cut_scenario.hpp"

namespace store = mynasim::card::store;
using mynasim::Bytes;
using mynasim::ByteView;
using store::Durability;
using store::MemoryStorage;
using store::ObjectStore;
using store::StoreError;
using store::StoreStatus;
using namespace store::test;

namespace {

// Passes everything to a MemoryStorage and notes the size of each write operation, in the order
// MemoryStorage counts them (0 for those that write no data), so that torn sizes can be chosen.
class SizeLog final : public store::Storage {
 public:
  explicit SizeLog(MemoryStorage& inner) : inner_(inner) {}
  std::vector<std::size_t> append_sizes;

  StoreStatus read_all(Bytes& out) override { return inner_.read_all(out); }
  StoreStatus append(ByteView data) override {
    append_sizes.push_back(data.size());
    return inner_.append(data);
  }
  StoreStatus sync() override { return note(inner_.sync()); }
  StoreStatus truncate(std::size_t size) override { return note(inner_.truncate(size)); }
  StoreStatus replace(ByteView data) override { return note(inner_.replace(data)); }
  std::string name() const override { return inner_.name(); }

 private:
  StoreStatus note(StoreStatus status) {
    append_sizes.push_back(0);
    return status;
  }
  MemoryStorage& inner_;
};

std::vector<std::size_t> torn_sizes(std::size_t size) {
  if (size == 0) return {0};
  std::vector<std::size_t> sizes = {0, 1, size / 2, size - 1};
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

ObjectMap load_image(const Bytes& image, MemoryStorage& memory, ObjectStore& objects) {
  memory = MemoryStorage(image);
  const StoreStatus status = objects.load();
  INFO(status.message);
  REQUIRE(status.ok());
  return objects.objects();
}

}  // namespace

TEST_CASE("the scenario runs to the end without a power cut", "[store][power]") {
  const Scenario& scenario = pin_scenario();
  MemoryStorage memory(store::encode_image(scenario.initial));
  ObjectStore objects(memory);
  REQUIRE(objects.load().ok());
  const Run run = run_scenario(objects, scenario);
  CHECK(run.interrupted == scenario.steps.size());
  CHECK(objects.journal_bytes() < ObjectStore::kCompactAfterBytes);
  MemoryStorage after(memory.image_after_crash(false));
  ObjectStore reloaded(after);
  REQUIRE(reloaded.load().ok());
  CHECK(reloaded.objects() == scenario.states.back());
}

TEST_CASE("a power cut at any write leaves the state before or after it, never a mix",
          "[store][power]") {
  const Scenario& scenario = pin_scenario();
  const Bytes initial = store::encode_image(scenario.initial);

  MemoryStorage dry(initial);
  SizeLog log(dry);
  {
    ObjectStore objects(log);
    REQUIRE(objects.load().ok());
    REQUIRE(run_scenario(objects, scenario).interrupted == scenario.steps.size());
  }
  REQUIRE(log.append_sizes.size() == dry.operations());
  // Seven durable commits (append + sync), two lazy appends, a flush, two compactions.
  REQUIRE(dry.operations() == 7 * 2 + 2 + 1 + 2);

  std::size_t cases = 0;
  std::size_t kept_old = 0;   // reloaded as before the interrupted step
  std::size_t got_new = 0;    // reloaded as after it
  std::size_t lost_lazy = 0;  // reloaded as before earlier lazy steps
  for (std::size_t op = 0; op < dry.operations(); ++op) {
    for (std::size_t torn : torn_sizes(log.append_sizes[op])) {
      for (bool keep_volatile : {false, true}) {
        INFO("power cut at operation " << op << ", " << torn << " bytes torn, volatile tail "
                                       << (keep_volatile ? "kept" : "lost"));
        ++cases;
        MemoryStorage memory(initial);
        memory.cut_power_at(op, torn);
        ObjectStore objects(memory);
        REQUIRE(objects.load().ok());
        const Run run = run_scenario(objects, scenario);
        INFO("interrupted step " << run.interrupted << ": "
                                 << (run.interrupted < scenario.steps.size()
                                         ? scenario.steps[run.interrupted].what
                                         : "(none)"));
        REQUIRE(memory.power_lost());
        if (run.interrupted < scenario.steps.size()) {
          CHECK(run.failure.error == StoreError::kPowerLost);
        }
        CHECK(objects.set(kScratch, bytes("x"), Durability::kDurable).error ==
              StoreError::kPowerLost);

        MemoryStorage restarted;
        ObjectStore reloaded(restarted);
        const ObjectMap after_crash =
            load_image(memory.image_after_crash(keep_volatile), restarted, reloaded);
        const std::size_t matched = check_recovered(after_crash, run, scenario);
        if (keep_volatile) {
          // Nothing was lost: exactly the old or the new state of the interrupted step.
          CHECK((matched == run.interrupted || matched == run.interrupted + 1));
        }
        kept_old += matched == run.interrupted;
        got_new += matched == run.interrupted + 1;
        lost_lazy += matched < run.interrupted;

        // The card carries on after the restart: a torn tail is cut off before the next append,
        // so the next commit is read back whole.
        REQUIRE(reloaded.set(kScratch, bytes("after restart"), Durability::kDurable).ok());
        MemoryStorage again;
        ObjectStore second(again);
        CHECK(load_image(restarted.image_after_crash(false), again, second) == reloaded.objects());
      }
    }
  }
  // The sweep must have seen every kind of outcome, or it proved less than it claims.
  CHECK(cases > 4 * dry.operations());
  CHECK(kept_old > 0);
  CHECK(got_new > 0);
  CHECK(lost_lazy > 0);
}
