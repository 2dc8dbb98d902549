#include "reader/client/card_info_fields.hpp"

#include <cstdio>
#include <cstring>
#include <limits>

#include "iso7816/ber_tlv.hpp"

namespace mynasim::client {
namespace {

bool all_digits(ByteView bytes) {
  for (auto b : bytes)
    if (b < '0' || b > '9') return false;
  return true;
}

int digits_value(ByteView bytes, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (bytes[i] - '0');
  return value;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int month_days(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

std::uint32_t read_u32(ByteView b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

// Finds the box of type `type` among the boxes in `boxes` (ISO/IEC 15444-1 annex I).
bool find_box(ByteView boxes, const char* type, ByteView& out) {
  std::size_t at = 0;
  while (at + 8 <= boxes.size()) {
    std::uint64_t length = read_u32(boxes, at);
    std::size_t header = 8;
    if (length == 1) {
      if (at + 16 > boxes.size()) return false;
      length = (std::uint64_t{read_u32(boxes, at + 8)} << 32) | read_u32(boxes, at + 12);
      header = 16;
    } else if (length == 0) {
      length = boxes.size() - at;  // the last box runs to the end
    }
    if (length < header || length > boxes.size() - at) return false;
    if (std::memcmp(boxes.data() + at + 4, type, 4) == 0) {
      out = boxes.subspan(at + header, length - header);
      return true;
    }
    at += length;
  }
  return false;
}

const std::uint8_t kPngSignature[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
const std::uint8_t kJp2Signature[] = {0x00, 0x00, 0x00, 0x0C, 'j',  'P',
                                      ' ',  ' ',  0x0D, 0x0A, 0x87, 0x0A};

}  // namespace

std::string CardDate::iso() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

std::string CardDate::compact() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02d%02d", year, month, day);
  return text;
}

CardDate parse_card_date(ByteView bytes, const std::string& what) {
  if (bytes.size() != 8 || !all_digits(bytes))
    throw RecordError(what + ": expected 8 digits YYYYMMDD, got " +
                      (bytes.empty() ? std::string("nothing") : to_hex(bytes)));
  CardDate date{digits_value(bytes, 0, 4), digits_value(bytes, 4, 2), digits_value(bytes, 6, 2)};
  if (date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > month_days(date.year, date.month))
    throw RecordError(what + ": " + date.compact() + " is not a calendar date");
  return date;
}

Sex parse_sex(ByteView bytes, const std::string& what) {
  if (bytes.size() != 1)
    throw RecordError(what + ": expected 1 byte, got " + std::to_string(bytes.size()));
  switch (bytes[0]) {
    case '0':
    case '1':
    case '2':
    case '9':
      return static_cast<Sex>(bytes[0]);
    default:
      throw RecordError(what + ": " + to_hex(bytes) + " is not one of the codes 0, 1, 2, 9");
  }
}

const char* name_of(Sex sex) {
  switch (sex) {
    case Sex::kUnknown:
      return "unknown";
    case Sex::kMale:
      return "male";
    case Sex::kFemale:
      return "female";
    case Sex::kNotApplicable:
      return "not applicable";
  }
  return "?";
}

std::string parse_utf8(ByteView bytes, const std::string& what) {
  // A strict decoder: shortest forms only, no surrogates, nothing above U+10FFFF.
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::uint8_t b = bytes[i];
    std::size_t extra = 0;
    std::uint32_t cp = 0, min = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      extra = 1, cp = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2, cp = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      extra = 3, cp = b & 0x07, min = 0x10000;
    } else {
      throw RecordError(what + ": not UTF-8 (byte " + std::to_string(i) + ")");
    }
    if (i + extra >= bytes.size())
      throw RecordError(what + ": not UTF-8 (a character cut at byte " + std::to_string(i) + ")");
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80)
        throw RecordError(what + ": not UTF-8 (byte " + std::to_string(i + k) + ")");
      cp = (cp << 6) | (bytes[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      throw RecordError(what + ": not UTF-8 (byte " + std::to_string(i) + ")");
    i += extra + 1;
  }
  return std::string(bytes.begin(), bytes.end());
}

ImageFormat detect_image_format(ByteView bytes) {
  if (bytes.size() >= sizeof kPngSignature &&
      std::memcmp(bytes.data(), kPngSignature, sizeof kPngSignature) == 0)
    return ImageFormat::kPng;
  if (bytes.size() >= sizeof kJp2Signature &&
      std::memcmp(bytes.data(), kJp2Signature, sizeof kJp2Signature) == 0)
    return ImageFormat::kJpeg2000;
  return ImageFormat::kUnknown;
}

const char* name_of(ImageFormat format) {
  switch (format) {
    case ImageFormat::kPng:
      return "png";
    case ImageFormat::kJpeg2000:
      return "jp2";
    case ImageFormat::kUnknown:
      return "unknown";
  }
  return "?";
}

bool image_size(ByteView bytes, int& width, int& height) {
  // Both formats store u32 sizes; PNG allows at most 2^31 - 1, and a larger value would turn
  // negative as an int: no size then.
  const auto sizes = [&](std::uint32_t w, std::uint32_t h) {
    if (w > std::numeric_limits<int>::max() || h > std::numeric_limits<int>::max()) return false;
    width = static_cast<int>(w);
    height = static_cast<int>(h);
    return true;
  };
  switch (detect_image_format(bytes)) {
    case ImageFormat::kPng:
      // Signature, then the IHDR chunk: length, "IHDR", width, height.
      if (bytes.size() < 24 || std::memcmp(bytes.data() + 12, "IHDR", 4) != 0) return false;
      return sizes(read_u32(bytes, 16), read_u32(bytes, 20));
    case ImageFormat::kJpeg2000: {
      ByteView header, ihdr;
      if (!find_box(bytes, "jp2h", header) || !find_box(header, "ihdr", ihdr) || ihdr.size() < 8)
        return false;
      return sizes(read_u32(ihdr, 4), read_u32(ihdr, 0));
    }
    case ImageFormat::kUnknown:
      break;
  }
  return false;
}

}  // namespace mynasim::client
