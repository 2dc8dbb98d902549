// Validation of a whole card image before anything of it is believed (rules: object_store.hpp).
#pragma once

#include <map>
#include <string_view>

#include "card/store/image_format.hpp"
#include "card/store/object_store.hpp"

namespace mynasim::card::store {

struct ParsedImage {
  std::map<ObjectId, Bytes> objects;  // the snapshot with every intact update applied
  std::size_t valid_size = 0;         // header, snapshot and intact updates: where to append next
  std::size_t snapshot_end = 0;       // where the updates begin (the rest is journal)
  std::size_t records = 0;            // intact records, the snapshot included
};

// Checks `image` (read from the storage called `name`) and fills `out`. A torn last update is
// not an error: valid_size then stops before it. Any other defect is refused with a message that
// names the storage, the record and its offset.
StoreStatus read_image(ByteView image, std::string_view name, ParsedImage& out);

}  // namespace mynasim::card::store
