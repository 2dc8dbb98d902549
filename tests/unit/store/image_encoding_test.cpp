// The card image byte for byte: a change of format must show up here first.
#include <catch2/catch.hpp>

#include "card/store/memory_storage.hpp"
#include "card/store/object_store.hpp"
#include "store_test_support.hpp"

namespace store = mynasim::card::store;
using mynasim::Bytes;
using store::test::bytes;

namespace {

const Bytes kHeader = bytes({'M', 'Y', 'N', 'A', 'C', 'A', 'R', 'D', 0x00, 0x01, 0x00, 0x00});

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

}  // namespace

TEST_CASE("an empty image is the header and an empty snapshot", "[store][format]") {
  CHECK(store::encode_image({}) ==
        concat({kHeader, bytes({0x00, 0x00, 0x00, 0x01, 0x01, 0xA8, 0x3E, 0xF6, 0xCA})}));
}

TEST_CASE("a one-object image is encoded byte for byte", "[store][format]") {
  const Bytes snapshot = bytes({
      0x00, 0x00, 0x00, 0x0C,  // length of kind..entries: 1 + 9 + 2
      0x01,                    // kind: snapshot
      0x00, 0x00, 0x01, 0x02,  // id 0x0102
      0x00,                    // flags: set
      0x00, 0x00, 0x00, 0x02,  // size
      0xAA, 0xBB,              // value
      0xB3, 0x25, 0x47, 0xF6,  // CRC-32 of everything above (zlib.crc32 agrees)
  });
  CHECK(store::encode_image({{0x0102, bytes({0xAA, 0xBB})}}) == concat({kHeader, snapshot}));
}

TEST_CASE("a committed batch is appended as one update record", "[store][format]") {
  store::MemoryStorage memory;
  store::ObjectStore objects(memory);
  REQUIRE(objects.format({{0x0102, bytes({0xAA, 0xBB})}}).ok());
  Bytes before;
  REQUIRE(memory.read_all(before).ok());

  store::ObjectStore::Batch batch;
  batch.set(7, bytes({0x33}));
  batch.erase(0x0102);
  REQUIRE(objects.commit(batch, store::Durability::kDurable).ok());

  const Bytes update = bytes({
      0x00, 0x00, 0x00, 0x14,        // length: 1 + (9 + 1) + (9 + 0)
      0x02,                          // kind: update
      0x00, 0x00, 0x00, 0x07, 0x00,  // id 7, set
      0x00, 0x00, 0x00, 0x01, 0x33,  // size 1, value
      0x00, 0x00, 0x01, 0x02, 0x01,  // id 0x0102, erase
      0x00, 0x00, 0x00, 0x00,        // size 0
      0x59, 0x7E, 0x37, 0x7A,        // CRC-32
  });
  Bytes after;
  REQUIRE(memory.read_all(after).ok());
  CHECK(after == concat({before, update}));
  CHECK(objects.image_size() == after.size());
  CHECK(objects.journal_bytes() == update.size());
}
