// The card face's printed text as 1-bit PNG images, rendered with Pango on Cairo in the card's
// Japanese font (card_face_profile.hpp): 氏名 and 住所 as the card prints them, the security
// code and the 個人番号 as digits. Text that does not fit its image, or holds a character the
// font cannot print, is refused with pki::InvalidField naming the field; nothing is returned.
#pragma once

#include <string>
#include <string_view>

#include "pki/card_info/card_face_profile.hpp"
#include "pki/card_info/grey_image.hpp"

namespace mynasim::pki::card_info {

// kNameImage: one line, the largest size from 32 px down to 16 px that fits. Field "name".
GreyImage render_name(std::string_view name);
// kAddressImage: wrapped (at characters, Japanese style) into the image, 24 px down to 14 px.
// Field "address".
GreyImage render_address(std::string_view address);
// Digits filling `size` (12 px high: 6 px per digit), centred. `field` names them in errors.
GreyImage render_digits(std::string_view digits, ImageSize size, const std::string& field);

// Whether the holder's name and address fit the card face: throws InvalidField("name" or
// "address", ...) if not. What mynaca checks before it writes anything.
void check_card_face_text(std::string_view name, std::string_view address);

}  // namespace mynasim::pki::card_info
