// The card's non-volatile memory, seen as one image that can be appended to and replaced.
// The card's state lives in exactly one such image (one file on the host); see object_store.hpp
// for the format written into it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "iso7816/bytes.hpp"

namespace mynasim::card::store {

enum class StoreError : std::uint8_t {
  kNone = 0,
  kIo,                  // the host refused a read or write (message has errno text)
  kNotFound,            // no image exists yet
  kNotAnImage,          // foreign file: wrong magic
  kUnsupportedVersion,  // a mynasim image of a format this build does not read
  kTruncated,           // the file ends inside the header or the base snapshot
  kCorrupted,           // a checksum or a structure does not match
  kPowerLost,           // fault injection: the power was cut during this operation
};

const char* describe(StoreError error);

// A failure with a message that names the file and the problem.
struct StoreStatus {
  StoreError error = StoreError::kNone;
  std::string message;
  bool ok() const { return error == StoreError::kNone; }
  static StoreStatus success() { return {}; }
};

// The one shape of every store message: "card image <name>: <problem>", where <name> is
// Storage::name() (the file path) and <problem> says in words what is wrong.
StoreStatus image_failure(StoreError error, std::string_view image_name, std::string_view problem);

class Storage {
 public:
  virtual ~Storage() = default;
  // Reads the whole image. kNotFound when there is none.
  virtual StoreStatus read_all(Bytes& out) = 0;
  // Appends at the end of the image. Not durable until sync().
  virtual StoreStatus append(ByteView bytes) = 0;
  // Makes every earlier append durable.
  virtual StoreStatus sync() = 0;
  // Cuts the image to `size` bytes, durably (drops a torn tail before appending after it). Never
  // extends: a `size` past the end is refused with kIo.
  virtual StoreStatus truncate(std::size_t size) = 0;
  // Atomically replaces the whole image, durably: afterwards a reader sees either the old image
  // or exactly `bytes`, never a mix.
  virtual StoreStatus replace(ByteView bytes) = 0;
  // A name for messages: the file path, or "memory".
  virtual std::string name() const = 0;
};

}  // namespace mynasim::card::store
