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

// Goes on with read_image's parse of an image that has grown by appends since: `out` is what
// read_image gave for the image's first out.valid_size bytes, which are unchanged and were all
// valid (no torn tail behind them). Reads only the bytes after them, and gives what read_image
// gives for the whole image (its loop stands where it stopped: nothing before depends on what
// follows). Lets a checker that reloads an image after every append skip what it already read.
// On failure `out` is partly updated: parse the whole image again.
StoreStatus read_appended(ByteView image, std::string_view name, ParsedImage& out);

}  // namespace mynasim::card::store
