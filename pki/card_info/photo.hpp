// The 顔写真 of the card face, as an 8-bit grey raster of kPhoto size (card_face_profile.hpp)
// ready for encode_jp2: a portrait the issuer supplies (PNG or JPEG, scaled to cover the frame
// and centre-cropped, colour turned to grey) or, when none is given, a generated one.
#pragma once

#include <cstdint>
#include <string>

#include "pki/card_info/card_face_profile.hpp"
#include "pki/card_info/grey_image.hpp"

namespace mynasim::pki::card_info {

// A drawn head-and-shoulders silhouette; `seed` varies the shading so that cards differ.
GreyImage generated_portrait(std::uint32_t seed);

// Throws pki::InvalidField("photo", ...) for a file that cannot be read or is neither a PNG
// nor a JPEG, naming the path and the problem.
GreyImage load_portrait(const std::string& path);

}  // namespace mynasim::pki::card_info
