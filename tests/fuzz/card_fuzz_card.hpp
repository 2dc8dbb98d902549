// The card fuzz_card plays its sessions on: personalized once per process, plus a twin whose
// journal is at the compaction threshold, and what the checks need to know about it.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "card/env.hpp"
#include "card/personalize/personalizer.hpp"
#include "card/runtime/card.hpp"
#include "card/runtime/profile.hpp"
#include "card/store/image_reader.hpp"
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

// PIN retry counters by object id, ascending: a flat list rather than a map, since the checks
// after every write copy and compare them (a handful of entries; a map allocated a node each).
using Counters = std::vector<std::pair<card::store::ObjectId, std::uint8_t>>;

// The value of counter `id`; null when there is none.
const std::uint8_t* find_counter(const Counters& counters, card::store::ObjectId id);
// The value of counter `id`, which must be there.
std::uint8_t counter_at(const Counters& counters, card::store::ObjectId id);

// The PIN retry counters in an image; nullopt when the image does not load.
std::optional<Counters> counters_in(card::store::Storage& storage);
// The PIN retry counters among an image's objects (each must be one byte), into `out`.
void counters_of(const std::map<card::store::ObjectId, Bytes>& objects, Counters& out);

// The PIN counters of an image parsed as the card parses it when it loads (store::read_image),
// again and again as the image changes. Where the image only grew since the last parse, or since
// a pinned one (the bytes read then are still its first bytes, and that parse ended on an intact
// record, not a torn one), only the new bytes are read: store::read_appended, which gives what
// read_image gives (tests/unit/store/read_appended_test.cpp). The bytes read before are compared,
// not assumed unchanged. Kept of a parse: its counters, not the other objects (the verdict on the
// update records after it does not depend on them, and the checks look only at counters).
// An image parsed whole before is not parsed again (whole_). Steady state allocates as much as it
// frees: libFuzzer runs an input that does not twice, to look for leaks.
class ImageParse {
 public:
  // The counters of `image`; null when it does not load.
  const Counters* counters(ByteView image);
  // Keeps the parse of `image`, which must load, to read on from for every image that starts with
  // it (the issued card's images, to which every input goes back).
  void pin(ByteView image);

 private:
  void remember_whole(ByteView image);  // parse_ is its parse

  struct Pinned {
    Bytes image;
    card::store::ParsedImage parse;  // objects cut to the counters
  };
  std::vector<Pinned> pinned_;
  // Images parsed whole before (no pinned image starts them: a compacted image, what a cut
  // left), with their parse: read_image is a function of the bytes, compared whole. Bounded:
  // when full, the oldest makes room.
  static constexpr std::size_t kMaxWhole = 32;
  std::vector<Pinned> whole_;
  std::size_t oldest_whole_ = 0;
  Bytes seen_;                      // the last image parsed
  card::store::ParsedImage parse_;  // its parse, objects cut to the counters
  bool resumable_ = false;          // that parse ended at the end of seen_
  Counters counters_;
};

// What loading an image read (Card::snapshot), for the images loaded so far: Card::load is a
// function of the image's bytes, so a card loaded again from bytes it was loaded from before is
// put back to that snapshot (Card::restore) instead of parsing the image and unsealing its keys
// again; any other image is loaded, and so checked, in full. Images are compared whole, not by a
// hash. Bounded: when full, the oldest entry makes room.
class LoadMemo {
 public:
  // What loading `image` read; null when it was not loaded before (or was forgotten).
  const card::Card::Snapshot* find(ByteView image) const;
  void add(ByteView image, card::Card::Snapshot snapshot);

  static constexpr std::size_t kMaxEntries = 64;

 private:
  struct Entry {
    Bytes image;
    card::Card::Snapshot snapshot;
  };
  std::vector<Entry> entries_;
  std::size_t oldest_ = 0;  // the entry add() replaces when full
};

struct IssuedCard {
  Bytes image;
  Bytes aged_image;    // the same card with a journal a few records short of compaction
  Counters max_tries;  // the counters of the fresh card: every key at its maximum
  card::CardPublicKeys keys;
};

// Made on first use (key generation takes ~0.1 s).
const IssuedCard& issued_card();

}  // namespace mynasim::fuzz
