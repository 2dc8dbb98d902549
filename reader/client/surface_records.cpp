#include "reader/client/surface_records.hpp"

#include "hostcrypto/card_key_format.hpp"
#include "reader/client/card_info_record.hpp"

namespace mynasim::client {
namespace {

Bytes copy_of(ByteView bytes) {
  return Bytes(bytes.begin(), bytes.end());
}

Bytes signature_of(const CardInfoRecord& record, std::uint32_t tag) {
  const ByteView value = record.field(tag).value;
  if (value.size() != 256)
    throw RecordError(record.field_name(tag) + ": an RSA-2048 signature is 256 bytes, got " +
                      std::to_string(value.size()));
  return copy_of(value);
}

// An image field must hold the format the card stores there.
Bytes image_of(const CardInfoRecord& record, std::uint32_t tag, ImageFormat format,
               const char* what) {
  const ByteView value = record.field(tag).value;
  if (detect_image_format(value) != format)
    throw RecordError(record.field_name(tag) + " (" + what + "): not a " +
                      (format == ImageFormat::kPng ? "PNG" : "JPEG 2000 (JP2)") + " image");
  return copy_of(value);
}

}  // namespace

AgeRecord parse_age_record(ByteView file) {
  CardInfoRecord record(file, 0xFF10, std::nullopt, "surface EF 0001 (age record)");
  record.expect_tags({0xDF11, 0xDF12, 0xDF13});
  AgeRecord out;
  out.birth_date =
      parse_card_date(record.field(0xDF11).value, record.field_name(0xDF11) + " (birth date)");
  out.public_key =
      hostcrypto::parse_card_public_key(record.field(0xDF12).value, record.field_name(0xDF12));
  out.signature = signature_of(record, 0xDF13);
  out.signed_data = record.raw_before(0xDF13);
  return out;
}

CardFace parse_card_face(ByteView file) {
  CardInfoRecord record(file, 0xFF20, 0xDF21, "surface EF 0002 (card face)");
  record.expect_tags({0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF28, 0xDF29, 0xDF2A});
  CardFace out;
  out.birth_date =
      parse_card_date(record.field(0xDF22).value, record.field_name(0xDF22) + " (birth date)");
  out.sex = parse_sex(record.field(0xDF23).value, record.field_name(0xDF23) + " (sex)");
  out.public_key =
      hostcrypto::parse_card_public_key(record.field(0xDF24).value, record.field_name(0xDF24));
  out.name_image = image_of(record, 0xDF25, ImageFormat::kPng, "name image");
  out.address_image = image_of(record, 0xDF26, ImageFormat::kPng, "address image");
  out.photo = image_of(record, 0xDF27, ImageFormat::kJpeg2000, "photo");
  out.signature = signature_of(record, 0xDF28);
  out.expiry = parse_card_date(record.field(0xDF29).value, record.field_name(0xDF29) + " (expiry)");
  out.security_code_image = image_of(record, 0xDF2A, ImageFormat::kPng, "security code image");
  out.signed_groups = {record.raw_of({0xDF22, 0xDF23, 0xDF24}), record.raw_of({0xDF25, 0xDF26}),
                       record.raw_of({0xDF27})};
  return out;
}

RenderedMyNumber parse_rendered_my_number(ByteView file) {
  CardInfoRecord record(file, 0xFF40, std::nullopt, "surface EF 0005 (rendered My Number)");
  record.expect_tags({0xDF41, 0xDF42, 0xDF43});
  RenderedMyNumber out;
  out.image = image_of(record, 0xDF41, ImageFormat::kPng, "My Number image");
  out.public_key =
      hostcrypto::parse_card_public_key(record.field(0xDF42).value, record.field_name(0xDF42));
  out.signature = signature_of(record, 0xDF43);
  out.signed_data = record.raw_before(0xDF43);
  return out;
}

SurfaceBasicData parse_surface_basic_data(ByteView file) {
  CardInfoRecord record(file, 0xFF30, std::nullopt, "surface EF 0003 (basic data)");
  record.expect_tags({0xDF31, 0xDF32, 0xDF33, 0xDF34, 0xDF35});
  SurfaceBasicData out;
  out.identification = copy_of(record.field(0xDF31).value);
  if (out.identification.size() != 4)
    throw RecordError(record.field_name(0xDF31) + ": the identification is 4 bytes, got " +
                      std::to_string(out.identification.size()));
  out.key_id = copy_of(record.field(0xDF32).value);
  hostcrypto::check_key_id(out.key_id, record.field_name(0xDF32));
  const ByteView version = record.field(0xDF33).value;
  if (version.size() != 1)
    throw RecordError(record.field_name(0xDF33) + ": the version is 1 byte, got " +
                      std::to_string(version.size()));
  out.version = version[0];
  const ByteView code = record.field(0xDF34).value;
  if (code.size() != 5)
    throw RecordError(record.field_name(0xDF34) + ": the municipality code is 5 digits, got " +
                      std::to_string(code.size()) + " bytes");
  for (auto b : code)
    if (b < '0' || b > '9')
      throw RecordError(record.field_name(0xDF34) + ": the municipality code is not digits");
  out.municipality_code.assign(code.begin(), code.end());
  out.opaque = copy_of(record.field(0xDF35).value);
  if (out.opaque.size() < hostcrypto::kKeyIdSize)
    throw RecordError(record.field_name(0xDF35) + ": " + std::to_string(out.opaque.size()) +
                      " bytes, too short for its 16-byte reference");
  out.signed_data = record.raw_before(0xDF35);
  return out;
}

}  // namespace mynasim::client
