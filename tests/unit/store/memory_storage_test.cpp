// The crash model the fault-injection tests rely on: if it were wrong, they would prove nothing.
#include "card/store/memory_storage.hpp"

#include <catch2/catch.hpp>

#include "store_test_support.hpp"

namespace store = mynasim::card::store;
using mynasim::Bytes;
using store::MemoryStorage;
using store::StoreError;
using store::test::bytes;

namespace {

Bytes read(MemoryStorage& memory) {
  Bytes out;
  REQUIRE(memory.read_all(out).ok());
  return out;
}

}  // namespace

TEST_CASE("appends are volatile until synced", "[store][memory]") {
  MemoryStorage memory(bytes("base"));
  REQUIRE(memory.append(bytes("+one")).ok());
  CHECK(read(memory) == bytes("base+one"));
  CHECK(memory.image_after_crash(false) == bytes("base"));
  CHECK(memory.image_after_crash(true) == bytes("base+one"));
  REQUIRE(memory.sync().ok());
  REQUIRE(memory.append(bytes("+two")).ok());
  CHECK(memory.image_after_crash(false) == bytes("base+one"));
  CHECK(memory.image_after_crash(true) == bytes("base+one+two"));
  CHECK(memory.operations() == 3);
}

TEST_CASE("truncate and replace are durable", "[store][memory]") {
  MemoryStorage memory(bytes("base"));
  REQUIRE(memory.append(bytes("+tail")).ok());
  REQUIRE(memory.truncate(6).ok());
  CHECK(read(memory) == bytes("base+t"));
  CHECK(memory.image_after_crash(false) == bytes("base+t"));
  REQUIRE(memory.replace(bytes("new")).ok());
  CHECK(memory.image_after_crash(false) == bytes("new"));
  CHECK(memory.image_after_crash(true) == bytes("new"));

  const auto beyond = memory.truncate(4);
  CHECK(beyond.error == StoreError::kIo);
  CHECK(beyond.message == "card image memory: cannot cut the image to 4 bytes: it has only 3");
  CHECK(read(memory) == bytes("new"));
}

TEST_CASE("an empty memory has no image until something is written", "[store][memory]") {
  MemoryStorage memory;
  Bytes out;
  CHECK(memory.read_all(out).error == StoreError::kNotFound);
  REQUIRE(memory.append(bytes("x")).ok());
  CHECK(read(memory) == bytes("x"));
}

TEST_CASE("the cut append writes its torn part, then everything fails", "[store][memory]") {
  MemoryStorage memory(bytes("base"));
  memory.cut_power_at(1, 3);
  REQUIRE(memory.append(bytes("+one")).ok());  // operation 0
  const auto cut = memory.append(bytes("+two"));
  CHECK(cut.error == StoreError::kPowerLost);
  CHECK(memory.power_lost());
  CHECK(memory.image_after_crash(true) == bytes("base+one+tw"));
  CHECK(memory.image_after_crash(false) == bytes("base"));

  CHECK(memory.append(bytes("+three")).error == StoreError::kPowerLost);
  CHECK(memory.sync().error == StoreError::kPowerLost);
  CHECK(memory.truncate(0).error == StoreError::kPowerLost);
  CHECK(memory.replace(bytes("x")).error == StoreError::kPowerLost);
  Bytes out;
  CHECK(memory.read_all(out).error == StoreError::kPowerLost);
  CHECK(memory.image_after_crash(true) == bytes("base+one+tw"));
  CHECK(memory.image_after_crash(false) == bytes("base"));
}

TEST_CASE("a torn size past the data writes all of it and still fails", "[store][memory]") {
  MemoryStorage memory(bytes("base"));
  memory.cut_power_at(0, 100);
  CHECK(memory.append(bytes("+one")).error == StoreError::kPowerLost);
  CHECK(memory.image_after_crash(true) == bytes("base+one"));
}

TEST_CASE("a cut sync, truncate or replace changes nothing durable", "[store][memory]") {
  MemoryStorage memory(bytes("base"));
  REQUIRE(memory.append(bytes("+one")).ok());
  memory.cut_power_at(1);

  SECTION("sync") {
    CHECK(memory.sync().error == StoreError::kPowerLost);
  }
  SECTION("truncate") {
    CHECK(memory.truncate(4).error == StoreError::kPowerLost);
  }
  SECTION("replace") {
    CHECK(memory.replace(bytes("new")).error == StoreError::kPowerLost);
  }

  CHECK(memory.image_after_crash(false) == bytes("base"));
  CHECK(memory.image_after_crash(true) == bytes("base+one"));
}
