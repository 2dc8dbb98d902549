// The card's photo (JPEG 2000, JP2) converted to PNG for viewing: OpenJPEG decodes, Cairo encodes.
#pragma once

#include "iso7816/bytes.hpp"

namespace mynasim::tools {

// Greyscale or colour JP2 -> PNG of the same size. Throws CommandFailed saying what failed.
Bytes jp2_to_png(ByteView jp2, int& width, int& height);

}  // namespace mynasim::tools
