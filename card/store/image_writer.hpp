// Encoding of the card image: the header and one record at a time (format: object_store.hpp).
#pragma once

#include "card/store/image_format.hpp"
#include "card/store/object_store.hpp"

namespace mynasim::card::store {

void append_image_header(Bytes& out);

// Appends one record to `out`: the constructor writes its frame, set()/erase() add entries and
// finish() fills in the length and appends the CRC. Nothing else may touch `out` meanwhile.
class RecordWriter {
 public:
  RecordWriter(Bytes& out, RecordKind kind);
  void set(ObjectId id, ByteView value);
  void erase(ObjectId id);
  void finish();

 private:
  void add(ObjectId id, EntryFlag flag, ByteView value);

  Bytes& out_;
  std::size_t start_;
};

}  // namespace mynasim::card::store
