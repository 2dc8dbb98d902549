// The values the card-info applications store, each parsed from its bytes with a precise error
// (RecordError) when the bytes are not what the card writes (shared/reference/jpki-card.md
// §2.2-2.4): dates, sex, the `90`/`91` RSA public key, the 16-byte key identifiers, the
// card-verifiable certificate `7F21`, and the image formats.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "iso7816/bytes.hpp"

namespace mynasim::client {

// A record or field that is not shaped as the card writes it; the message names the file, the
// field and what is wrong.
class RecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "DF22", "FF20", "7F21", "90" for messages.
std::string tag_name(std::uint32_t tag);

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

// An RSA public key as the card stores it: `90` exponent then `91` modulus (big-endian).
struct CardRsaKey {
  Bytes exponent;
  Bytes modulus;
  std::size_t bits() const;
  friend bool operator==(const CardRsaKey&, const CardRsaKey&) = default;
};
CardRsaKey parse_card_rsa_key(ByteView bytes, const std::string& what);

// 16-byte key identifier (証明者鍵ID, 被証明者鍵ID): 7 digits, 2 bytes, 3 digits, 4 bytes.
inline constexpr std::size_t kKeyIdSize = 16;
void check_key_id(ByteView bytes, const std::string& what);
// "6000024/001": the two digit groups that name the key.
std::string key_id_text(ByteView key_id);

// The card-verifiable certificate of EF 0004 (both card-info APs):
//   7F21 { 5F4E body (16 issuer key id, 16 subject key id, 265-byte key 90/91), 5F37 signature }
struct CvCertificate {
  Bytes issuer_key_id;
  Bytes subject_key_id;
  CardRsaKey public_key;
  Bytes signature;
  Bytes body;  // the 5F4E value: what the signature covers
};
inline constexpr std::size_t kCvBodySize = 297;
// Accepts the object with its 7F21 template; trailing filler after it is ignored.
CvCertificate parse_cv_certificate(ByteView bytes, const std::string& what);

enum class ImageFormat { kPng, kJpeg2000, kUnknown };
ImageFormat detect_image_format(ByteView bytes);
const char* name_of(ImageFormat format);  // "png", "jp2", "unknown"

// Width and height from a PNG's IHDR or a JP2's image header box ('ihdr'); false when the
// bytes are too short or not one of those, or a size is above INT_MAX.
bool image_size(ByteView bytes, int& width, int& height);

}  // namespace mynasim::client
