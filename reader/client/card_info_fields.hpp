// The values the card-info applications store, each parsed from its bytes with a precise error
// (RecordError) when the bytes are not what the card writes (shared/reference/jpki-card.md
// §2.2-2.4): dates, sex, text and the image formats. The `90`/`91` RSA public key, the 16-byte key
// identifiers and the card-verifiable certificate `7F21` are hostcrypto's (card_key_format.hpp,
// cv_certificate.hpp).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/cv_certificate.hpp"
#include "hostcrypto/errors.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::client {

// A record or field that is not shaped as the card writes it; the message names the file, the
// field and what is wrong. hostcrypto's FormatError itself, so that one catch takes what the
// client's parsers and hostcrypto's (keys, key ids, the CV certificate) refuse.
using RecordError = hostcrypto::FormatError;

// "DF22", "FF20", "7F21", "90" for messages (hostcrypto's, used all through the client).
using hostcrypto::tag_name;

// A Gregorian date as the card writes it: 8 ASCII digits YYYYMMDD.
struct CardDate {
  int year = 0;
  int month = 0;
  int day = 0;
  std::string iso() const;      // YYYY-MM-DD
  std::string compact() const;  // YYYYMMDD
  friend bool operator==(const CardDate&, const CardDate&) = default;
};
CardDate parse_card_date(ByteView bytes, const std::string& what);

// 性別 as one ASCII digit (JIS X 0303): 0 unknown, 1 male, 2 female, 9 not applicable. Another
// byte is an error: the card writes only these.
enum class Sex : char { kUnknown = '0', kMale = '1', kFemale = '2', kNotApplicable = '9' };
Sex parse_sex(ByteView bytes, const std::string& what);
const char* name_of(Sex sex);  // "unknown", "male", "female", "not applicable"

// Text fields are UTF-8; anything else is an error naming the field.
std::string parse_utf8(ByteView bytes, const std::string& what);

enum class ImageFormat { kPng, kJpeg2000, kUnknown };
ImageFormat detect_image_format(ByteView bytes);
const char* name_of(ImageFormat format);  // "png", "jp2", "unknown"

// Width and height from a PNG's IHDR or a JP2's image header box ('ihdr'); false when the
// bytes are too short or not one of those, or a size is above INT_MAX.
bool image_size(ByteView bytes, int& width, int& height);

}  // namespace mynasim::client
