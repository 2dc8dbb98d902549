// An 8-bit greyscale raster (0 black .. 255 white, rows top to bottom) and its encodings for the
// card: 1-bit PNG (the printed text) and JPEG 2000 in a JP2 file (the photo).
#pragma once

#include <cstdint>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::pki::card_info {

struct GreyImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height
};

// PNG, greyscale, bit depth 1: a pixel darker than 128 becomes black (0), the rest white (1).
Bytes encode_png_1bit(const GreyImage& image);

// JP2 (ISO/IEC 15444-1 file format), one 8-bit grey component, irreversible 9/7 wavelet, one
// quality layer at `compression_ratio` (raw size / coded size). Throws PkiError on failure.
Bytes encode_jp2(const GreyImage& image, float compression_ratio);

}  // namespace mynasim::pki::card_info
