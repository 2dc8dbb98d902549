// read_appended: going on with the parse of an image that grew by appends gives what read_image
// gives for the whole image, down to the same refusal (fuzz_card checks the image after every
// write this way).
#include <catch2/catch.hpp>

#include <vector>

#include "card/store/image_reader.hpp"
#include "card/store/memory_storage.hpp"
#include "card/store/object_store.hpp"
#include "store_test_support.hpp"

namespace store = mynasim::card::store;
using mynasim::Bytes;
using store::test::bytes;

namespace {

Bytes image_of(store::MemoryStorage& storage) {
  Bytes image;
  REQUIRE(storage.read_all(image).ok());
  return image;
}

// The image after each write of a store that sets, rewrites and erases objects.
std::vector<Bytes> growing_images() {
  store::MemoryStorage storage;
  store::ObjectStore objects(storage);
  REQUIRE(objects.format({{1, bytes({0x01})}, {2, bytes({0x02, 0x02})}}).ok());
  std::vector<Bytes> images{image_of(storage)};
  REQUIRE(objects.set(1, bytes({0x00}), store::Durability::kDurable).ok());
  images.push_back(image_of(storage));
  store::ObjectStore::Batch batch;
  batch.set(3, bytes("three"));
  batch.erase(2);
  REQUIRE(objects.commit(batch, store::Durability::kLazy).ok());
  images.push_back(image_of(storage));
  REQUIRE(objects.set(1, bytes({0x03}), store::Durability::kDurable).ok());
  images.push_back(image_of(storage));
  return images;
}

void check_same(const store::ParsedImage& resumed, const store::ParsedImage& whole) {
  CHECK(resumed.objects == whole.objects);
  CHECK(resumed.valid_size == whole.valid_size);
  CHECK(resumed.snapshot_end == whole.snapshot_end);
  CHECK(resumed.records == whole.records);
}

}  // namespace

TEST_CASE("read_appended reads on from any earlier image to the same parse", "[store][reader]") {
  const std::vector<Bytes> images = growing_images();
  REQUIRE(images.size() == 4);
  for (std::size_t from = 0; from < images.size(); ++from) {
    for (std::size_t to = from; to < images.size(); ++to) {
      INFO("from image " << from << " to image " << to);
      store::ParsedImage resumed;
      REQUIRE(store::read_image(images[from], "memory", resumed).ok());
      REQUIRE(store::read_appended(images[to], "memory", resumed).ok());
      store::ParsedImage whole;
      REQUIRE(store::read_image(images[to], "memory", whole).ok());
      check_same(resumed, whole);
    }
  }
  store::ParsedImage last;
  REQUIRE(store::read_image(images.back(), "memory", last).ok());
  CHECK(last.objects == store::test::ObjectMap{{1, bytes({0x03})}, {3, bytes("three")}});
  CHECK(last.records == 4);
}

TEST_CASE("read_appended finds a torn tail and a damaged record as read_image does",
          "[store][reader]") {
  const std::vector<Bytes> images = growing_images();
  const Bytes& start = images[1];
  const Bytes record(images[2].begin() + static_cast<std::ptrdiff_t>(start.size()),
                     images[2].end());
  // A torn append: the state is the one before it.
  Bytes torn = start;
  torn.insert(torn.end(), record.begin(), record.end() - 3);
  store::ParsedImage resumed;
  REQUIRE(store::read_image(start, "memory", resumed).ok());
  REQUIRE(store::read_appended(torn, "memory", resumed).ok());
  store::ParsedImage whole;
  REQUIRE(store::read_image(torn, "memory", whole).ok());
  check_same(resumed, whole);
  CHECK(whole.valid_size == start.size());

  // A damaged record with an intact one behind it: corruption, in the same words.
  Bytes damaged = start;
  damaged.insert(damaged.end(), record.begin(), record.end());
  damaged[start.size() + 6] ^= 0x40;
  damaged.insert(damaged.end(), record.begin(), record.end());
  REQUIRE(store::read_image(start, "memory", resumed).ok());
  const auto resumed_status = store::read_appended(damaged, "memory", resumed);
  const auto whole_status = store::read_image(damaged, "memory", whole);
  CHECK(whole_status.error == store::StoreError::kCorrupted);
  CHECK(resumed_status.error == whole_status.error);
  CHECK(resumed_status.message == whole_status.message);
}
