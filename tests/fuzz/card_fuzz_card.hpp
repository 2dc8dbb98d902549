// The card fuzz_card plays its sessions on: personalized once per process, plus a twin whose
// journal is at the compaction threshold, and what the checks need to know about it.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>

#include "card/env.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/runtime/profile.hpp"
#include "card/store/object_store.hpp"
#include "card/store/storage.hpp"

namespace mynasim::fuzz {

// The fuzz card's own values.
inline constexpr char kAuthPin[] = "1234";
inline constexpr char kSignPassword[] = "SIGNPASS1";

// A broken invariant: abort, for libFuzzer to report the input.
inline void require(bool condition) {
  if (!condition) std::abort();
}

struct FixedClock final : card::Clock {
  std::uint64_t unix_seconds() override { return 1'790'000'000; }
};

const card::CardProfile& profile();

using Counters = std::map<card::store::ObjectId, std::uint8_t>;

// The PIN retry counters in an image; nullopt when the image does not load.
std::optional<Counters> counters_in(card::store::Storage& storage);

struct IssuedCard {
  Bytes image;
  Bytes aged_image;    // the same card with a journal a few records short of compaction
  Counters max_tries;  // the counters of the fresh card: every key at its maximum
  card::CardPublicKeys keys;
};

// Made on first use (key generation takes ~0.1 s).
const IssuedCard& issued_card();

}  // namespace mynasim::fuzz
