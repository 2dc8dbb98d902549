#include "card/store/file_storage.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include <sys/stat.h>

#include "card/store/object_store.hpp"
#include "store_test_support.hpp"

namespace store = mynasim::card::store;
using mynasim::Bytes;
using store::FileStorage;
using store::StoreError;
using store::test::bytes;
using store::test::read_file;
using store::test::TempDir;
using store::test::write_file;

namespace {

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777u;
}

}  // namespace

TEST_CASE("a missing file is kNotFound, named in the message", "[store][file]") {
  TempDir dir;
  const std::string path = dir.file("card.img");
  FileStorage file(path);
  Bytes out = bytes("stale");
  const auto status = file.read_all(out);
  CHECK(status.error == StoreError::kNotFound);
  CHECK(status.message == "card image " + path + ": no such file (no card image yet)");
  CHECK(out.empty());
  CHECK(file.name() == path);
}

TEST_CASE("other open failures are kIo with the errno text", "[store][file]") {
  TempDir dir;
  const std::string path = dir.file("missing-dir/card.img");
  FileStorage file(path);
  const auto status = file.replace(bytes("x"));
  CHECK(status.error == StoreError::kIo);
  CHECK(status.message ==
        "card image " + path + ": cannot create " + path + ".tmp: No such file or directory");
}

TEST_CASE("replace writes the whole image with mode 0600 and leaves no temporary file",
          "[store][file]") {
  TempDir dir;
  const std::string path = dir.file("card.img");
  FileStorage file(path);
  REQUIRE(file.replace(bytes("first image")).ok());
  CHECK(read_file(path) == bytes("first image"));
  CHECK(mode_of(path) == 0600u);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));

  REQUIRE(file.replace(bytes("second")).ok());
  Bytes out;
  REQUIRE(file.read_all(out).ok());
  CHECK(out == bytes("second"));
  CHECK(mode_of(path) == 0600u);
}

TEST_CASE("append, sync and truncate work at the end of the file", "[store][file]") {
  TempDir dir;
  const std::string path = dir.file("card.img");
  FileStorage file(path);
  REQUIRE(file.replace(bytes("base")).ok());
  REQUIRE(file.append(bytes("+one")).ok());
  REQUIRE(file.append(bytes("+two")).ok());
  REQUIRE(file.sync().ok());
  CHECK(read_file(path) == bytes("base+one+two"));
  REQUIRE(file.truncate(8).ok());
  REQUIRE(file.append(bytes("!")).ok());
  CHECK(read_file(path) == bytes("base+one!"));

  // After a replace the appends go to the new file, not to the one the rename unlinked.
  REQUIRE(file.replace(bytes("new")).ok());
  REQUIRE(file.append(bytes("+x")).ok());
  CHECK(read_file(path) == bytes("new+x"));

  const auto beyond = file.truncate(100);
  CHECK(beyond.error == StoreError::kIo);
  CHECK(beyond.message ==
        "card image " + path + ": cannot cut the image to 100 bytes: it has only 5");
}

TEST_CASE("appending creates a missing file with mode 0600", "[store][file]") {
  TempDir dir;
  const std::string path = dir.file("card.img");
  FileStorage file(path);
  REQUIRE(file.append(bytes("abc")).ok());
  REQUIRE(file.sync().ok());
  CHECK(read_file(path) == bytes("abc"));
  CHECK(mode_of(path) == 0600u);
}

TEST_CASE("a store on a file round-trips through a fresh process", "[store][file]") {
  TempDir dir;
  const std::string path = dir.file("card.img");
  const std::map<store::ObjectId, Bytes> initial = {{1, bytes("1234")}, {2, bytes({3})}};
  {
    FileStorage file(path);
    store::ObjectStore objects(file);
    REQUIRE(objects.format(initial).ok());
    REQUIRE(objects.set(2, bytes({2}), store::Durability::kDurable).ok());
    REQUIRE(objects.set(2, bytes({3}), store::Durability::kLazy).ok());
  }
  FileStorage file(path);
  store::ObjectStore objects(file);
  REQUIRE(objects.load().ok());
  CHECK(objects.objects() == initial);
  CHECK(objects.image_size() == read_file(path).size());
}

TEST_CASE("an image written elsewhere is read back whole", "[store][file]") {
  TempDir dir;
  const std::string path = dir.file("big.img");
  Bytes big(300000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
  write_file(path, big);
  FileStorage file(path);
  Bytes out;
  REQUIRE(file.read_all(out).ok());
  CHECK(out == big);
}
