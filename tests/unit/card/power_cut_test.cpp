// Power cut at every write: during VERIFY (right and wrong), CHANGE REFERENCE DATA and
// personalization. After each cut the image must load, hold one of the states the card commits
// (never a mix), and no retry counter may be higher than before the attempt.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <vector>

#include "card/apps/common/common_ap.hpp"
#include "card/apps/jpki/jpki_ap.hpp"
#include "card/runtime/object_ids.hpp"
#include "card/store/object_store.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;
using ObjectMap = std::map<card::store::ObjectId, Bytes>;

namespace {

constexpr auto kAuthCounter =
    card::object_id(card::ObjectKind::kPinCounter, card::jpki::kDfId, card::jpki::ef::kAuthPin);

// The objects an image holds; fails the test if it does not load.
ObjectMap objects_of(const Bytes& image) {
  card::store::MemoryStorage storage(image);
  card::store::ObjectStore store(storage);
  const auto status = store.load();
  INFO(status.message);
  REQUIRE(status.ok());
  return store.objects();
}

ObjectMap with_counter(ObjectMap objects, std::uint8_t tries,
                       card::store::ObjectId counter = kAuthCounter) {
  objects[counter] = Bytes{tries};
  return objects;
}

std::uint8_t auth_counter(const ObjectMap& objects) {
  return objects.at(kAuthCounter).at(0);
}

// Runs `attempt` on a card loaded from `start`, with the power cut at write number `n`, for each
// torn size and with and without the unsynced tail; checks every resulting image.
// Returns how many writes the attempt made when nothing failed.
std::size_t cut_everywhere(const Bytes& start, const std::function<void(TestCard&)>& attempt,
                           const std::vector<ObjectMap>& legal_states) {
  std::size_t writes = 0;
  {
    TestCard clean(start);
    const std::size_t before = clean.storage().operations();
    attempt(clean);
    writes = clean.storage().operations() - before;
  }
  REQUIRE(writes > 0);
  const std::uint8_t counter_before = auth_counter(objects_of(start));
  std::size_t checked = 0;
  for (std::size_t n = 0; n < writes; ++n) {
    for (std::size_t torn : {0u, 1u, 7u, 30u}) {
      for (bool keep_volatile : {false, true}) {
        TestCard t(start);
        t.storage().cut_power_at(t.storage().operations() + n, torn);
        attempt(t);
        const Bytes after = t.storage().image_after_crash(keep_volatile);
        INFO("cut at write " << n << ", torn " << torn << ", volatile kept " << keep_volatile);
        const ObjectMap objects = objects_of(after);
        bool legal = false;
        for (const auto& state : legal_states) legal = legal || objects == state;
        CHECK(legal);
        CHECK(auth_counter(objects) <= std::max(counter_before, auth_counter(legal_states.back())));
        TestCard reloaded(after);  // the card itself loads it too
        ++checked;
      }
    }
  }
  CHECK(checked == writes * 8);
  return writes;
}

void wrong_verify(TestCard& t) {
  t.select_jpki();
  t.verify_auth("0000");
}

void right_verify(TestCard& t) {
  t.select_jpki();
  t.verify_auth("1234");
  t.card().power_off();  // the lazy restore reaches the disk here at the latest
}

// A PIN change (VERIFY, then the change) cut at every write: the card holds the old PIN (its
// counter full, spent or restored) or the new one. Returns the image of the clean run.
Bytes cut_pin_change(const std::function<void(TestCard&)>& change, card::store::ObjectId counter) {
  const Bytes start = issued_card().image;
  const ObjectMap old_state = objects_of(start);
  TestCard clean(start);
  change(clean);
  Bytes changed_image;
  REQUIRE(clean.storage().read_all(changed_image).ok());
  const ObjectMap changed = objects_of(changed_image);
  REQUIRE(changed != with_counter(old_state, 3, counter));  // the PIN value object differs
  cut_everywhere(start, change,
                 {old_state, with_counter(old_state, 2, counter),
                  with_counter(old_state, 3, counter), changed});
  return changed_image;
}

}  // namespace

TEST_CASE("power cut during a wrong VERIFY: counter 3 or 2, never more", "[power]") {
  const Bytes start = issued_card().image;
  const ObjectMap old_state = objects_of(start);
  // If the decrement did not reach the disk, nothing was compared (the card answered 6581).
  const auto writes = cut_everywhere(start, wrong_verify, {old_state, with_counter(old_state, 2)});
  CHECK(writes == 2);  // append + fsync
}

TEST_CASE("power cut during a right VERIFY: the try is spent before the comparison", "[power]") {
  // Start from 2 tries left, so that each committed state is distinct: 2 (nothing happened),
  // 1 (spent, restore lost), 3 (restored).
  TestCard setup;
  wrong_verify(setup);
  setup.card().power_off();
  Bytes start;
  REQUIRE(setup.storage().read_all(start).ok());
  const ObjectMap old_state = objects_of(start);
  REQUIRE(auth_counter(old_state) == 2);
  cut_everywhere(start, right_verify,
                 {old_state, with_counter(old_state, 1), with_counter(old_state, 3)});
}

TEST_CASE("power cut during CHANGE REFERENCE DATA: old PIN or new PIN, never a mix", "[power]") {
  auto change = [](TestCard& t) {
    t.select_jpki();
    t.verify_auth("1234");
    t.tx("00 24 01 80 04 35 36 37 38");
    t.card().power_off();
  };
  const Bytes changed_image = cut_pin_change(change, kAuthCounter);
  // And the states mean what they should: the new PIN works on the changed card only.
  TestCard after(changed_image);
  after.select_jpki();
  CHECK(after.verify_auth("5678") == "90 00");
}

TEST_CASE("power cut during CHANGE KEY of the 共通 PIN: old PIN or new PIN, never a mix",
          "[power][card-info]") {
  auto change = [](TestCard& t) {
    t.select_df(kCommonAid);
    t.verify_key(card::common::ef::kPin, kResidentPin);
    t.tx("80 32 00 80 04 35 36 37 38");
    t.card().power_off();
  };
  const Bytes changed_image = cut_pin_change(
      change,
      card::object_id(card::ObjectKind::kPinCounter, card::common::kDfId, card::common::ef::kPin));
  TestCard after(changed_image);
  after.select_df(kCommonAid);
  CHECK(after.verify_key(card::common::ef::kPin, "5678") == "90 00");
  after.select_df(kJukiAid);
  CHECK(after.verify_key(card::common::ef::kPin, kResidentPin) == "90 00");  // 住基: unchanged
}

TEST_CASE("power cut during personalization: no card or a whole card", "[power][personalize]") {
  const auto& profile = card::my_number_card_profile();
  auto personalize = [&](card::store::MemoryStorage& storage) {
    card::SeededRandom random(5);
    FixedClock clock;
    card::Env env{random, clock, storage};
    card::CardPublicKeys keys;
    if (!card::begin_personalization(env, profile, test_holder(), test_credentials(), &keys).ok)
      return;
    card::JpkiCertificates certs = issued_card().certificates;
    certs.auth = keys.auth.to_spki_der();  // carries the modulus, as a certificate would
    certs.sign = keys.sign.to_spki_der();
    card::install_certificates(env, profile, certs);
  };
  card::store::MemoryStorage clean;
  personalize(clean);
  const std::size_t writes = clean.operations();
  Bytes whole;
  REQUIRE(clean.read_all(whole).ok());
  const ObjectMap complete = objects_of(whole);
  REQUIRE(writes >= 3);  // replace, then append + fsync of the certificates

  std::size_t keyed_states = 0;
  for (std::size_t n = 0; n < writes; ++n) {
    for (bool keep_volatile : {false, true}) {
      INFO("cut at write " << n << ", volatile kept " << keep_volatile);
      card::store::MemoryStorage storage;
      storage.cut_power_at(n, 9);
      personalize(storage);
      const Bytes after = storage.image_after_crash(keep_volatile);
      if (after.empty()) continue;  // no card at all: the old state
      const ObjectMap objects = objects_of(after);
      // Either the complete card, or the keys-and-PINs card with no certificates yet.
      if (objects == complete) continue;
      CHECK(objects.size() + 4 == complete.size());
      CHECK(objects.count(card::object_id(card::ObjectKind::kEfContent, card::jpki::kDfId,
                                          card::jpki::ef::kAuthCertificate)) == 0);
      ++keyed_states;
      TestCard loaded(after);  // loads; 0008 says no certificates
      loaded.select_jpki();
      CHECK(loaded.tx("00 B0 88 00 00") == "00 00 00 90 00");
    }
  }
  CHECK(keyed_states > 0);
}
