// Images that must not be believed: each is refused with its exact error and a message that names
// the file and the problem, and the store stays empty.
#include <catch2/catch.hpp>
#include <random>

#include "card/store/crc32.hpp"
#include "card/store/file_storage.hpp"
#include "card/store/object_store.hpp"
#include "store_test_support.hpp"

namespace store = mynasim::card::store;
using mynasim::Bytes;
using store::StoreError;
using store::test::bytes;
using store::test::ObjectMap;
using store::test::TempDir;
using store::test::write_file;

namespace {

const ObjectMap kInitial = {{1, bytes("1234")}, {2, bytes({3})}, {3, Bytes(200, 0xCE)}};

// A snapshot and three updates, with where each record begins.
struct Journal {
  Bytes image;
  std::size_t snapshot_end = 0;
  std::vector<std::size_t> update_at;  // offsets of records 1, 2, 3
  std::vector<ObjectMap> states;       // after the snapshot, after update 1, 2, 3
};

const Journal& journal() {
  static const Journal built = [] {
    TempDir dir;
    store::FileStorage file(dir.file("card.img"));
    store::ObjectStore objects(file);
    Journal out;
    REQUIRE(objects.format(kInitial).ok());
    out.snapshot_end = objects.image_size();
    out.states.push_back(objects.objects());
    for (std::uint8_t counter : {2, 1, 0}) {
      out.update_at.push_back(objects.image_size());
      REQUIRE(objects.set(2, bytes({counter}), store::Durability::kDurable).ok());
      out.states.push_back(objects.objects());
    }
    REQUIRE(file.read_all(out.image).ok());
    REQUIRE(out.image.size() == objects.image_size());
    return out;
  }();
  return built;
}

struct Loaded {
  store::StoreStatus status;
  ObjectMap objects;
  std::string path;
};

Loaded load_file(const TempDir& dir, const Bytes& content) {
  Loaded out;
  out.path = dir.file("card.img");
  write_file(out.path, content);
  store::FileStorage file(out.path);
  store::ObjectStore objects(file);
  out.status = objects.load();
  out.objects = objects.objects();
  return out;
}

void check_refused(const Bytes& content, StoreError error, const std::string& problem) {
  TempDir dir;
  const Loaded loaded = load_file(dir, content);
  CHECK(loaded.status.error == error);
  CHECK(loaded.status.message == "card image " + loaded.path + ": " + problem);
  CHECK(loaded.objects.empty());
}

void check_loads(const Bytes& content, const ObjectMap& expected) {
  TempDir dir;
  const Loaded loaded = load_file(dir, content);
  INFO(loaded.status.message);
  REQUIRE(loaded.status.ok());
  CHECK(loaded.objects == expected);
}

Bytes prefix(const Bytes& image, std::size_t size) {
  return Bytes(image.begin(), image.begin() + static_cast<std::ptrdiff_t>(size));
}

Bytes flipped(Bytes image, std::size_t at) {
  image[at] ^= 0x40;
  return image;
}

// A CRC-intact record with whatever body the test needs.
Bytes record(std::uint8_t kind, const Bytes& entries) {
  Bytes out = {0, 0, 0, static_cast<std::uint8_t>(entries.size() + 1), kind};
  out.insert(out.end(), entries.begin(), entries.end());
  const std::uint32_t crc = store::crc32(out);
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<std::uint8_t>(crc >> shift));
  return out;
}

Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("the reference journal loads", "[store][load]") {
  check_loads(journal().image, journal().states.back());
}

TEST_CASE("foreign files are not card images", "[store][load]") {
  SECTION("an empty file") {
    check_refused({}, StoreError::kNotAnImage, "not a mynasim card image (the file is empty)");
  }
  SECTION("a PNG") {
    const Bytes png = {0x89, 'P',  'N',  'G',  0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00,
                       0x0D, 'I',  'H',  'D',  'R',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
                       0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89};
    check_refused(png, StoreError::kNotAnImage, "not a mynasim card image (bad magic)");
  }
  SECTION("random bytes") {
    std::mt19937 random(20240601);
    Bytes noise(4096);
    for (auto& b : noise) b = static_cast<std::uint8_t>(random());
    check_refused(noise, StoreError::kNotAnImage, "not a mynasim card image (bad magic)");
  }
  SECTION("a short file that is not the start of the magic") {
    check_refused(bytes("MYNAC"), StoreError::kTruncated,
                  "truncated: the header needs 12 bytes, the file has 5");
    check_refused(bytes("MYNAX"), StoreError::kNotAnImage, "not a mynasim card image (bad magic)");
  }
}

TEST_CASE("a future format version is refused with both versions named", "[store][load]") {
  Bytes image = journal().image;
  image[9] = 7;
  check_refused(image, StoreError::kUnsupportedVersion,
                "format version 7 is not supported (this build reads 1)");
  image[8] = 1;
  image[9] = 0;
  check_refused(image, StoreError::kUnsupportedVersion,
                "format version 256 is not supported (this build reads 1)");
}

TEST_CASE("a reserved header field that is not zero is corruption", "[store][load]") {
  check_refused(flipped(journal().image, 11), StoreError::kCorrupted,
                "corrupted: the reserved header field is 64, not 0");
}

TEST_CASE("an image cut inside the header or the snapshot is truncated", "[store][load]") {
  const Journal& j = journal();
  check_refused(prefix(j.image, 10), StoreError::kTruncated,
                "truncated: the header needs 12 bytes, the file has 10");
  check_refused(prefix(j.image, 12), StoreError::kTruncated,
                "truncated: the snapshot needs at least 21 bytes, the file has 12");
  check_refused(prefix(j.image, 14), StoreError::kTruncated,
                "truncated: the snapshot needs at least 21 bytes, the file has 14");
  check_refused(prefix(j.image, 100), StoreError::kTruncated,
                "truncated: the snapshot needs " + std::to_string(j.snapshot_end) +
                    " bytes, the file has 100");
  check_refused(prefix(j.image, j.snapshot_end - 1), StoreError::kTruncated,
                "truncated: the snapshot needs " + std::to_string(j.snapshot_end) +
                    " bytes, the file has " + std::to_string(j.snapshot_end - 1));
}

TEST_CASE("a flipped byte in the snapshot is corruption", "[store][load]") {
  const Journal& j = journal();
  // Every byte behind the length field: kind, entries and the CRC itself.
  for (std::size_t at = 16; at < j.snapshot_end; ++at) {
    INFO("flipped byte " << at);
    check_refused(flipped(j.image, at), StoreError::kCorrupted,
                  "corrupted: checksum mismatch in record 0 (the snapshot) at offset 12");
  }
}

TEST_CASE("a flipped byte in a middle record is corruption, not a torn write", "[store][load]") {
  const Journal& j = journal();
  const std::size_t second = j.update_at[1];
  const std::size_t third = j.update_at[2];
  for (std::size_t at = second + 4; at < third; ++at) {
    INFO("flipped byte " << at);
    check_refused(flipped(j.image, at), StoreError::kCorrupted,
                  "corrupted: checksum mismatch in record 2 at offset " + std::to_string(second) +
                      " (an intact record follows at offset " + std::to_string(third) +
                      ", so this is no torn write)");
  }
  // A damaged length makes the record claim more than there is; what follows still gives it away.
  check_refused(flipped(j.image, second + 2), StoreError::kCorrupted,
                "corrupted: record 2 at offset " + std::to_string(second) + " claims " +
                    std::to_string(third - second + 0x4000) + " bytes, but only " +
                    std::to_string(j.image.size() - second) +
                    " are left (an intact record follows at offset " + std::to_string(third) +
                    ", so this is no torn write)");
}

TEST_CASE("a damaged or cut last record is a torn write: the state before it", "[store][load]") {
  const Journal& j = journal();
  const std::size_t last = j.update_at[2];
  for (std::size_t at = last; at < j.image.size(); ++at) {
    INFO("flipped byte " << at);
    check_loads(flipped(j.image, at), j.states[2]);
  }
  for (std::size_t size = last; size < j.image.size(); ++size) {
    INFO("cut to " << size);
    check_loads(prefix(j.image, size), j.states[2]);
  }
  // A file system may leave a grown file full of zeros after a crash.
  check_loads(concat(j.image, Bytes(4096, 0)), j.states[3]);
}

TEST_CASE("records with intact checksums but impossible contents are corruption", "[store][load]") {
  const Bytes header = prefix(journal().image, 12);
  const Bytes empty_snapshot = record(1, {});
  const Bytes set_1 = {0, 0, 0, 1, 0, 0, 0, 0, 1, 0xAA};
  const std::string at21 = "corrupted: record 1 at offset 21: ";

  check_refused(concat(header, record(2, set_1)), StoreError::kCorrupted,
                "corrupted: record 0 (the snapshot) at offset 12 is of kind 2, not a snapshot");
  check_refused(concat(header, record(1, concat(set_1, set_1))), StoreError::kCorrupted,
                "corrupted: record 0 (the snapshot) at offset 12: object 1 appears twice in the "
                "snapshot");
  check_refused(concat(header, record(1, {0, 0, 0, 1, 1, 0, 0, 0, 0})), StoreError::kCorrupted,
                "corrupted: record 0 (the snapshot) at offset 12: object 1 has an invalid entry "
                "(flags 1, size 0)");
  const Bytes base = concat(header, empty_snapshot);
  check_refused(concat(base, record(1, set_1)), StoreError::kCorrupted,
                at21 + "it is of kind 1, not an update");
  check_refused(concat(base, record(2, {0, 0, 0, 1, 5, 0, 0, 0, 0})), StoreError::kCorrupted,
                at21 + "object 1 has an invalid entry (flags 5, size 0)");
  check_refused(concat(base, record(2, {0, 0, 0, 1, 1, 0, 0, 0, 1, 0xAA})), StoreError::kCorrupted,
                at21 + "object 1 has an invalid entry (flags 1, size 1)");
  check_refused(concat(base, record(2, {0, 0, 0, 1, 0, 0, 0, 0, 2, 0xAA})), StoreError::kCorrupted,
                at21 + "the value of object 1 runs past the end of the record");
  check_refused(concat(base, record(2, {0, 0, 0, 1, 0})), StoreError::kCorrupted,
                at21 + "an entry header is cut off at byte 0 of the entries");
  check_refused(concat(concat(base, Bytes(9, 0)), record(2, set_1)), StoreError::kCorrupted,
                "corrupted: record 1 at offset 21 has the impossible length 0 (an intact record "
                "follows at offset 30, so this is no torn write)");
}
