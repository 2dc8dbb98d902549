#include "tests/fuzz/card_fuzz_card.hpp"

#include <algorithm>
#include <cstring>

#include "card/apps/card_profiles.hpp"
#include "card/runtime/object_ids.hpp"
#include "card/store/memory_storage.hpp"

namespace mynasim::fuzz {

namespace {

using card::store::MemoryStorage;
using card::store::ObjectId;
using card::store::ObjectStore;

bool is_counter(ObjectId id) {
  return (id >> 24) == static_cast<std::uint32_t>(card::ObjectKind::kPinCounter);
}

// `image` with its journal grown until the next VERIFY or two make the store compact it, so that
// inputs reach compaction. The records rewrite objects with the values they have: first the
// largest (a sealed key, so that few records are needed), then a PIN counter (small records) to
// come within two of those of the threshold.
Bytes aged(const Bytes& image, ObjectId counter) {
  MemoryStorage storage(image);
  ObjectStore store(storage);
  require(store.load().ok());
  auto largest = store.objects().begin();
  for (auto it = store.objects().begin(); it != store.objects().end(); ++it)
    if (it->second.size() > largest->second.size()) largest = it;
  // Rewrites `id` while two more records of it stay within the threshold, so that the last one
  // ends less than two records short of it.
  const auto fill = [&](ObjectId id) {
    const Bytes value = *store.get(id);
    const std::size_t before = store.journal_bytes();
    require(store.set(id, value, card::store::Durability::kLazy).ok());
    const std::size_t record = store.journal_bytes() - before;
    while (store.journal_bytes() + 2 * record <= ObjectStore::kCompactAfterBytes)
      require(store.set(id, value, card::store::Durability::kLazy).ok());
  };
  fill(largest->first);
  fill(counter);
  require(store.flush().ok());
  Bytes out;
  require(storage.read_all(out).ok());
  return out;
}

}  // namespace

const card::CardProfile& profile() {
  return card::my_number_card_profile();
}

const std::uint8_t* find_counter(const Counters& counters, ObjectId id) {
  for (const auto& [counter, value] : counters)
    if (counter == id) return &value;
  return nullptr;
}

std::uint8_t counter_at(const Counters& counters, ObjectId id) {
  const std::uint8_t* value = find_counter(counters, id);
  require(value != nullptr);
  return *value;
}

std::optional<Counters> counters_in(card::store::Storage& storage) {
  ObjectStore store(storage);
  if (!store.load().ok()) return std::nullopt;
  Counters counters;
  counters_of(store.objects(), counters);
  return counters;
}

void counters_of(const std::map<ObjectId, Bytes>& objects, Counters& out) {
  // The counters' ids are together: their kind is the id's top byte.
  constexpr auto kKind = static_cast<std::uint32_t>(card::ObjectKind::kPinCounter);
  out.clear();
  for (auto it = objects.lower_bound(kKind << 24); it != objects.end() && is_counter(it->first);
       ++it) {
    require(it->second.size() == 1);
    out.emplace_back(it->first, it->second[0]);
  }
}

// Only the counters are kept of a parse (see the header).
static void cut_to_counters(card::store::ParsedImage& parse) {
  constexpr auto kKind = static_cast<std::uint32_t>(card::ObjectKind::kPinCounter);
  auto& objects = parse.objects;
  objects.erase(objects.begin(), objects.lower_bound(kKind << 24));
  objects.erase(objects.lower_bound((kKind + 1) << 24), objects.end());
}

// `to = from`, but value by value when both hold the same objects (the counters of one card, as
// they do from one check to the next): the nodes and buffers `to` has are reused instead of a new
// map with a new buffer per counter.
static void assign_parse(card::store::ParsedImage& to, const card::store::ParsedImage& from) {
  // The fields copied below are all there is (a new one must be copied too).
  static_assert(sizeof(card::store::ParsedImage) ==
                sizeof(std::map<ObjectId, Bytes>) + 3 * sizeof(std::size_t));
  const auto same_id = [](const auto& a, const auto& b) { return a.first == b.first; };
  if (to.objects.size() != from.objects.size() ||
      !std::equal(to.objects.begin(), to.objects.end(), from.objects.begin(), same_id)) {
    to = from;
    return;
  }
  auto it = to.objects.begin();
  for (const auto& [id, value] : from.objects) (it++)->second.assign(value.begin(), value.end());
  to.valid_size = from.valid_size;
  to.snapshot_end = from.snapshot_end;
  to.records = from.records;
}

const Counters* ImageParse::counters(ByteView image) {
  const auto starts_image = [&](ByteView bytes) {
    return bytes.size() <= image.size() &&
           std::memcmp(bytes.data(), image.data(), bytes.size()) == 0;
  };
  card::store::StoreStatus status;
  if (resumable_ && starts_image(seen_)) {
    status = card::store::read_appended(image, "memory", parse_);
  } else {
    const Pinned* from = nullptr;
    for (const Pinned& pinned : pinned_)
      if ((!from || pinned.image.size() > from->image.size()) && starts_image(pinned.image))
        from = &pinned;
    const Pinned* whole = nullptr;
    if (!from)
      for (const Pinned& parsed : whole_)
        if (parsed.image.size() == image.size() && starts_image(parsed.image)) whole = &parsed;
    if (from) {
      assign_parse(parse_, from->parse);
      status = card::store::read_appended(image, "memory", parse_);
    } else if (whole) {
      assign_parse(parse_, whole->parse);  // it loaded: only loading images are kept
    } else {
      status = card::store::read_image(image, "memory", parse_);
      if (status.ok()) remember_whole(image);
    }
  }
  seen_.assign(image.begin(), image.end());
  resumable_ = status.ok() && parse_.valid_size == image.size();
  if (!status.ok()) return nullptr;
  cut_to_counters(parse_);
  counters_of(parse_.objects, counters_);
  return &counters_;
}

void ImageParse::remember_whole(ByteView image) {
  Pinned parsed{Bytes(image.begin(), image.end()), parse_};
  cut_to_counters(parsed.parse);
  if (whole_.size() < kMaxWhole) return whole_.push_back(std::move(parsed));
  whole_[oldest_whole_] = std::move(parsed);
  oldest_whole_ = (oldest_whole_ + 1) % kMaxWhole;
}

void ImageParse::pin(ByteView image) {
  for (const Pinned& pinned : pinned_)
    if (std::equal(pinned.image.begin(), pinned.image.end(), image.begin(), image.end())) return;
  require(counters(image) != nullptr && resumable_);
  pinned_.push_back({Bytes(image.begin(), image.end()), parse_});
}

const card::Card::Snapshot* LoadMemo::find(ByteView image) const {
  for (const Entry& entry : entries_)
    if (entry.image.size() == image.size() &&
        std::memcmp(entry.image.data(), image.data(), image.size()) == 0)
      return &entry.snapshot;
  return nullptr;
}

void LoadMemo::add(ByteView image, card::Card::Snapshot snapshot) {
  Entry entry{Bytes(image.begin(), image.end()), std::move(snapshot)};
  if (entries_.size() < kMaxEntries) return entries_.push_back(std::move(entry));
  entries_[oldest_] = std::move(entry);
  oldest_ = (oldest_ + 1) % kMaxEntries;
}

// install_certificates only checks that each certificate holds its key's modulus, so the SPKI DER
// stands in for one.
const IssuedCard& issued_card() {
  static const IssuedCard kIssued = [] {
    MemoryStorage storage;
    card::SeededRandom random(2026);
    FixedClock clock;
    card::Env env{random, clock, storage};
    card::HolderRecord holder{"個人番号\u3000花子", "東京都千代田区霞が関２丁目１番２号",
                              "19800217", '2', "537686677188"};
    card::Credentials credentials;
    credentials.auth_pin = kAuthPin;
    credentials.sign_password = kSignPassword;
    credentials.text_pin = "2468";
    credentials.resident_pin = "1357";
    credentials.collation_a = holder.my_number;
    credentials.collation_b = "55021720352285";  // 昭和55年2月17日, expiry 2035, code 2285
    credentials.birth_date_key = "550217";
    card::CardPublicKeys keys;
    require(card::begin_personalization(env, profile(), holder, credentials, &keys).ok);
    card::JpkiCertificates certificates;
    certificates.auth = keys.auth.to_spki_der();
    certificates.auth_ca = certificates.auth;
    certificates.sign = keys.sign.to_spki_der();
    certificates.sign_ca = certificates.sign;
    require(card::install_certificates(env, profile(), certificates).ok);
    IssuedCard out;
    require(storage.read_all(out.image).ok());
    auto counters = counters_in(storage);
    require(counters && !counters->empty());
    out.max_tries = *counters;
    out.keys = keys;
    out.aged_image = aged(out.image, out.max_tries.begin()->first);
    return out;
  }();
  return kIssued;
}

}  // namespace mynasim::fuzz
