#include "card/store/object_store.hpp"

#include <catch2/catch.hpp>

#include "card/store/memory_storage.hpp"
#include "store_test_support.hpp"

namespace store = mynasim::card::store;
using mynasim::Bytes;
using mynasim::ByteView;
using store::Durability;
using store::ObjectStore;
using store::StoreError;
using store::StoreStatus;
using store::test::bytes;
using store::test::ObjectMap;

namespace {

const ObjectMap kInitial = {{1, bytes("1234")}, {2, bytes({3})}, {3, bytes("certificate")}};

ObjectMap reload(const Bytes& image) {
  store::MemoryStorage memory(image);
  ObjectStore objects(memory);
  const StoreStatus status = objects.load();
  INFO(status.message);
  REQUIRE(status.ok());
  return objects.objects();
}

Bytes image_of(store::Storage& storage) {
  Bytes image;
  REQUIRE(storage.read_all(image).ok());
  return image;
}

// Passes everything to a MemoryStorage, except that chosen operations fail once with kIo the way
// a host error does: an append after writing part of its bytes, a replace after or before it
// really happened.
class FlakyStorage final : public store::Storage {
 public:
  explicit FlakyStorage(store::MemoryStorage& inner) : inner_(inner) {}

  void fail_next_append(std::size_t written) { append_fails_ = true, append_written_ = written; }
  void fail_next_sync() { sync_fails_ = true; }
  void fail_next_replace(bool after_doing_it) {
    replace_fails_ = true, replace_done_ = after_doing_it;
  }
  int replaces = 0;
  int truncates = 0;

  StoreStatus read_all(Bytes& out) override { return inner_.read_all(out); }
  StoreStatus append(ByteView data) override {
    if (!append_fails_) return inner_.append(data);
    append_fails_ = false;
    (void)inner_.append(data.first(append_written_));
    return error();
  }
  StoreStatus sync() override {
    if (!sync_fails_) return inner_.sync();
    sync_fails_ = false;
    return error();
  }
  StoreStatus truncate(std::size_t size) override {
    ++truncates;
    return inner_.truncate(size);
  }
  StoreStatus replace(ByteView data) override {
    ++replaces;
    if (!replace_fails_) return inner_.replace(data);
    replace_fails_ = false;
    if (replace_done_) (void)inner_.replace(data);
    return error();
  }
  std::string name() const override { return "flaky"; }

 private:
  StoreStatus error() const { return store::image_failure(StoreError::kIo, name(), "injected"); }

  store::MemoryStorage& inner_;
  bool append_fails_ = false;
  std::size_t append_written_ = 0;
  bool sync_fails_ = false;
  bool replace_fails_ = false;
  bool replace_done_ = false;
};

}  // namespace

TEST_CASE("format, commit and reload give back the same objects", "[store]") {
  store::MemoryStorage memory;
  ObjectStore objects(memory);
  REQUIRE(objects.format(kInitial).ok());
  CHECK(objects.objects() == kInitial);
  CHECK(reload(image_of(memory)) == kInitial);

  ObjectStore::Batch batch;
  batch.set(1, bytes("5678"));
  batch.set(9, bytes({}));  // an empty value is a value, not an erase
  batch.erase(3);
  REQUIRE(objects.commit(batch, Durability::kDurable).ok());
  REQUIRE(objects.set(2, bytes({2}), Durability::kDurable).ok());

  const ObjectMap expected = {{1, bytes("5678")}, {2, bytes({2})}, {9, {}}};
  CHECK(objects.objects() == expected);
  REQUIRE(objects.get(9) != nullptr);
  CHECK(objects.get(9)->empty());
  CHECK(objects.get(3) == nullptr);
  CHECK(reload(image_of(memory)) == expected);

  ObjectStore again(memory);
  REQUIRE(again.load().ok());
  CHECK(again.objects() == expected);
  CHECK(again.image_size() == objects.image_size());
  CHECK(again.journal_bytes() == objects.journal_bytes());
}

TEST_CASE("the last of several sets of one object in a batch wins", "[store]") {
  store::MemoryStorage memory;
  ObjectStore objects(memory);
  REQUIRE(objects.format(kInitial).ok());
  ObjectStore::Batch batch;
  batch.set(2, bytes({1}));
  batch.erase(2);
  batch.set(2, bytes({0}));
  REQUIRE(objects.commit(batch, Durability::kDurable).ok());
  CHECK(*objects.get(2) == bytes({0}));
  CHECK(reload(image_of(memory)) == objects.objects());
}

TEST_CASE("set takes a value that is the stored one, or a part of it", "[store]") {
  store::MemoryStorage memory;
  ObjectStore objects(memory);
  REQUIRE(objects.format(kInitial).ok());
  // set() does not copy its value before writing: these read from the bytes they replace.
  REQUIRE(objects.set(3, *objects.get(3), Durability::kDurable).ok());
  CHECK(*objects.get(3) == bytes("certificate"));
  REQUIRE(objects.set(3, ByteView(*objects.get(3)).subspan(5), Durability::kLazy).ok());
  CHECK(*objects.get(3) == bytes("ficate"));
  REQUIRE(objects.set(1, ByteView(*objects.get(3)).first(4), Durability::kDurable).ok());
  const ObjectMap expected = {{1, bytes("fica")}, {2, bytes({3})}, {3, bytes("ficate")}};
  CHECK(objects.objects() == expected);
  CHECK(reload(image_of(memory)) == expected);
}

TEST_CASE("without an image the store is empty and refuses writes", "[store]") {
  store::MemoryStorage memory;
  ObjectStore objects(memory);
  const StoreStatus loaded = objects.load();
  CHECK(loaded.error == StoreError::kNotFound);
  CHECK(loaded.message == "card image memory: no image has been written yet");
  CHECK(objects.objects().empty());

  const StoreStatus refused = objects.set(1, bytes({1}), Durability::kDurable);
  CHECK(refused.error == StoreError::kNotFound);
  CHECK(refused.message == "card image memory: no image is loaded (load or format it first)");
  CHECK(objects.compact().error == StoreError::kNotFound);
  CHECK(memory.operations() == 0);
}

TEST_CASE("a failed load empties a store that held objects", "[store]") {
  store::MemoryStorage memory(store::encode_image(kInitial));
  ObjectStore objects(memory);
  REQUIRE(objects.load().ok());
  REQUIRE(memory.replace(bytes("GIF89a not a card")).ok());
  CHECK(objects.load().error == StoreError::kNotAnImage);
  CHECK(objects.objects().empty());
  CHECK(objects.set(1, bytes({1}), Durability::kDurable).error == StoreError::kNotFound);
}

TEST_CASE("durable commits survive a power cut, lazy ones until the next sync may not",
          "[store][lazy]") {
  store::MemoryStorage memory(store::encode_image(kInitial));
  ObjectStore objects(memory);
  REQUIRE(objects.load().ok());

  REQUIRE(objects.set(2, bytes({2}), Durability::kDurable).ok());
  ObjectMap durable = kInitial;
  durable[2] = bytes({2});
  CHECK(reload(memory.image_after_crash(false)) == durable);

  REQUIRE(objects.set(2, bytes({3}), Durability::kLazy).ok());
  ObjectMap lazy = durable;
  lazy[2] = bytes({3});
  CHECK(objects.objects() == lazy);
  CHECK(reload(memory.image_after_crash(false)) == durable);  // lost with the page cache
  CHECK(reload(memory.image_after_crash(true)) == lazy);      // or written back in time

  SECTION("flush makes it durable") {
    REQUIRE(objects.flush().ok());
    CHECK(reload(memory.image_after_crash(false)) == lazy);
  }
  SECTION("a later durable commit makes it durable") {
    REQUIRE(objects.set(3, bytes("renewed"), Durability::kDurable).ok());
    lazy[3] = bytes("renewed");
    CHECK(reload(memory.image_after_crash(false)) == lazy);
  }
  SECTION("an empty durable batch makes it durable") {
    REQUIRE(objects.commit(ObjectStore::Batch{}, Durability::kDurable).ok());
    CHECK(reload(memory.image_after_crash(false)) == lazy);
  }
}

TEST_CASE("flush and an empty batch write nothing when nothing is pending", "[store][lazy]") {
  store::MemoryStorage memory(store::encode_image(kInitial));
  ObjectStore objects(memory);
  REQUIRE(objects.load().ok());
  REQUIRE(objects.flush().ok());
  REQUIRE(objects.commit(ObjectStore::Batch{}, Durability::kDurable).ok());
  REQUIRE(objects.commit(ObjectStore::Batch{}, Durability::kLazy).ok());
  CHECK(memory.operations() == 0);
}

TEST_CASE("the journal is compacted into one snapshot once it passes the threshold",
          "[store][compact]") {
  store::MemoryStorage memory(store::encode_image(kInitial));
  ObjectStore objects(memory);
  REQUIRE(objects.load().ok());
  const Bytes value(1000, 0x5A);
  std::size_t commits = 0;
  std::size_t journal_before = 0;
  // Each commit adds 1000 + 9 + 9 bytes of journal; compaction must happen exactly on the commit
  // that takes the journal past kCompactAfterBytes, not before.
  while (true) {
    journal_before = objects.journal_bytes();
    REQUIRE(objects.set(100 + static_cast<store::ObjectId>(commits % 7), value, Durability::kLazy)
                .ok());
    ++commits;
    if (objects.journal_bytes() < journal_before) break;
    REQUIRE(objects.journal_bytes() <= ObjectStore::kCompactAfterBytes);
    REQUIRE(commits < 100);
  }
  CHECK(journal_before + 1018 > ObjectStore::kCompactAfterBytes);
  CHECK(objects.journal_bytes() == 0);
  const Bytes compacted = store::encode_image(objects.objects());
  CHECK(image_of(memory) == compacted);
  CHECK(objects.image_size() == compacted.size());
  // Compaction is durable, so it carried the lazy commits with it.
  CHECK(reload(memory.image_after_crash(false)) == objects.objects());
}

TEST_CASE("compact rewrites the image as one snapshot", "[store][compact]") {
  store::MemoryStorage memory(store::encode_image(kInitial));
  ObjectStore objects(memory);
  REQUIRE(objects.load().ok());
  REQUIRE(objects.set(2, bytes({2}), Durability::kDurable).ok());
  REQUIRE(objects.set(4, bytes("four"), Durability::kLazy).ok());
  REQUIRE(objects.compact().ok());
  CHECK(image_of(memory) == store::encode_image(objects.objects()));
  CHECK(memory.image_after_crash(false) == store::encode_image(objects.objects()));
  CHECK(objects.journal_bytes() == 0);
  REQUIRE(objects.set(2, bytes({1}), Durability::kDurable).ok());
  CHECK(reload(image_of(memory)) == objects.objects());
}

TEST_CASE("a torn last record is ignored and cut off before the next append", "[store][torn]") {
  store::MemoryStorage source(store::encode_image(kInitial));
  {
    ObjectStore writer(source);
    REQUIRE(writer.load().ok());
    REQUIRE(writer.set(2, bytes({2}), Durability::kDurable).ok());
  }
  const Bytes two_records = image_of(source);
  ObjectStore writer(source);
  REQUIRE(writer.load().ok());
  REQUIRE(writer.set(1, bytes("9999"), Durability::kDurable).ok());
  const Bytes three_records = image_of(source);
  ObjectMap after_second = kInitial;
  after_second[2] = bytes({2});

  for (std::size_t keep = two_records.size(); keep < three_records.size(); ++keep) {
    INFO("image cut to " << keep << " bytes");
    store::MemoryStorage memory(Bytes(three_records.begin(), three_records.begin() + keep));
    ObjectStore objects(memory);
    REQUIRE(objects.load().ok());
    CHECK(objects.objects() == after_second);
    CHECK(objects.image_size() == two_records.size());
    CHECK(image_of(memory).size() == keep);  // loading only reads

    REQUIRE(objects.set(3, bytes("new"), Durability::kDurable).ok());
    ObjectMap expected = after_second;
    expected[3] = bytes("new");
    const Bytes image = image_of(memory);
    CHECK(Bytes(image.begin(), image.begin() + two_records.size()) == two_records);
    CHECK(image.size() == objects.image_size());
    CHECK(reload(image) == expected);
  }
}

TEST_CASE("after a power loss the store refuses every write until it is loaded again",
          "[store][power]") {
  store::MemoryStorage memory(store::encode_image(kInitial));
  ObjectStore objects(memory);
  REQUIRE(objects.load().ok());
  memory.cut_power_at(1);  // the sync of the first commit
  const StoreStatus first = objects.set(2, bytes({2}), Durability::kDurable);
  CHECK(first.error == StoreError::kPowerLost);
  CHECK(first.message == "card image memory: the power was cut at operation 1 (fault injection)");
  CHECK(objects.objects() == kInitial);

  const std::size_t operations = memory.operations();
  const StoreStatus refused = objects.set(2, bytes({1}), Durability::kDurable);
  CHECK(refused.error == StoreError::kPowerLost);
  CHECK(refused.message ==
        "card image memory: the power was lost; no write until the image is loaded again");
  CHECK(objects.flush().error == StoreError::kPowerLost);
  CHECK(objects.compact().error == StoreError::kPowerLost);
  CHECK(objects.format(kInitial).error == StoreError::kPowerLost);
  CHECK(memory.operations() == operations);  // refused without touching the storage
}

TEST_CASE("a failed append is cut off before the next one", "[store][failure]") {
  store::MemoryStorage memory(store::encode_image(kInitial));
  FlakyStorage flaky(memory);
  ObjectStore objects(flaky);
  REQUIRE(objects.load().ok());

  SECTION("a partly written record") {
    flaky.fail_next_append(7);
  }
  SECTION("a written record whose sync failed") {
    flaky.fail_next_sync();
  }

  const StoreStatus failed = objects.set(1, bytes("0000"), Durability::kDurable);
  CHECK(failed.error == StoreError::kIo);
  CHECK(failed.message == "card image flaky: injected");
  CHECK(objects.objects() == kInitial);  // the view did not take the change
  CHECK(flaky.truncates == 0);

  REQUIRE(objects.set(2, bytes({2}), Durability::kDurable).ok());
  CHECK(flaky.truncates == 1);
  ObjectMap expected = kInitial;
  expected[2] = bytes({2});
  CHECK(objects.objects() == expected);
  CHECK(reload(image_of(memory)) == expected);  // and the failed record is not read back
  CHECK(image_of(memory).size() == objects.image_size());
}

TEST_CASE("a failed compaction is redone before the next append", "[store][failure]") {
  store::MemoryStorage memory(store::encode_image(kInitial));
  FlakyStorage flaky(memory);
  ObjectStore objects(flaky);
  REQUIRE(objects.load().ok());
  REQUIRE(objects.set(2, bytes({2}), Durability::kDurable).ok());
  const ObjectMap view = objects.objects();

  // Failing after the rename (the directory fsync) leaves the new image, failing before it the
  // old one; the store cannot tell which and must write it again.
  const bool rename_happened = GENERATE(true, false);
  INFO("rename happened: " << rename_happened);
  flaky.fail_next_replace(rename_happened);
  CHECK(objects.compact().error == StoreError::kIo);
  CHECK(objects.objects() == view);

  REQUIRE(objects.set(1, bytes("4321"), Durability::kDurable).ok());
  CHECK(flaky.replaces == 2);
  ObjectMap expected = view;
  expected[1] = bytes("4321");
  const Bytes image = image_of(memory);
  const Bytes snapshot = store::encode_image(view);
  CHECK(Bytes(image.begin(), image.begin() + snapshot.size()) == snapshot);
  CHECK(image.size() == objects.image_size());
  CHECK(reload(image) == expected);
}
