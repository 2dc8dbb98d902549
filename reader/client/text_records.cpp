#include "reader/client/text_records.hpp"

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/ber_tlv.hpp"
#include "reader/client/card_info_record.hpp"

namespace mynasim::client {
namespace {

const std::string kMyNumberFile = "text EF 0001 (My Number)";
const std::string kAttributesFile = "text EF 0002 (attributes)";

Bytes fixed_size(const CardInfoRecord& record, std::uint32_t tag, std::size_t size,
                 const char* what) {
  const ByteView value = record.field(tag).value;
  if (value.size() != size)
    throw RecordError(record.field_name(tag) + ": " + what + " is " + std::to_string(size) +
                      " bytes, got " + std::to_string(value.size()));
  return Bytes(value.begin(), value.end());
}

}  // namespace

std::string parse_my_number_file(ByteView file) {
  const auto read = iso7816::read_ber_tlv(file);
  if (!read.ok()) throw RecordError(kMyNumberFile + ": " + iso7816::describe(read.error));
  if (read.tlv.tag != 0xFF10)
    throw RecordError(kMyNumberFile + ": starts with tag " + tag_name(read.tlv.tag) + ", not FF10");
  const ByteView digits = read.tlv.value;
  if (digits.size() != 12)
    throw RecordError(kMyNumberFile + ": the number is " + std::to_string(digits.size()) +
                      " bytes, not 12");
  for (std::size_t i = 0; i < digits.size(); ++i)
    if (digits[i] < '0' || digits[i] > '9')
      throw RecordError(kMyNumberFile + ": byte " + std::to_string(i + 1) +
                        " of the number is not a digit");
  for (std::size_t i = read.tlv.total_size(); i < file.size(); ++i)
    if (file[i] != 0xFF)
      throw RecordError(kMyNumberFile + ": byte " + std::to_string(i) +
                        " after the number is not FF filler");
  return std::string(digits.begin(), digits.end());
}

TextAttributes parse_text_attributes(ByteView file) {
  CardInfoRecord record(file, 0xFF20, 0xDF21, kAttributesFile);
  record.expect_tags({0xDF22, 0xDF23, 0xDF24, 0xDF25});
  TextAttributes out;
  out.name = parse_utf8(record.field(0xDF22).value, record.field_name(0xDF22) + " (name)");
  out.address = parse_utf8(record.field(0xDF23).value, record.field_name(0xDF23) + " (address)");
  if (out.name.empty()) throw RecordError(record.field_name(0xDF22) + " (name): empty");
  if (out.address.empty()) throw RecordError(record.field_name(0xDF23) + " (address): empty");
  out.birth_date =
      parse_card_date(record.field(0xDF24).value, record.field_name(0xDF24) + " (birth date)");
  out.sex = parse_sex(record.field(0xDF25).value, record.field_name(0xDF25) + " (sex)");
  return out;
}

Bytes text_attributes_digest_source(ByteView file) {
  CardInfoRecord record(file, 0xFF20, 0xDF21, kAttributesFile);
  return record.value_without_offset_table();
}

TextIntegrity parse_text_integrity(ByteView file) {
  CardInfoRecord record(file, 0xFF30, std::nullopt, "text EF 0003 (integrity)");
  record.expect_tags({0xDF31, 0xDF32, 0xDF33});
  TextIntegrity out;
  out.my_number_digest = fixed_size(record, 0xDF31, 32, "a SHA-256");
  out.attributes_digest = fixed_size(record, 0xDF32, 32, "a SHA-256");
  out.signature = fixed_size(record, 0xDF33, 256, "an RSA-2048 signature");
  out.signed_data = record.raw_before(0xDF33);
  return out;
}

TextBasicData parse_text_basic_data(ByteView file) {
  CardInfoRecord record(file, 0xFF40, std::nullopt, "text EF 0005 (basic data)");
  record.expect_tags({0xDF41, 0xDF42, 0xDF43});
  TextBasicData out;
  out.identification = fixed_size(record, 0xDF41, 4, "the identification");
  out.key_id = fixed_size(record, 0xDF42, hostcrypto::kKeyIdSize, "a key identifier");
  hostcrypto::check_key_id(out.key_id, record.field_name(0xDF42));
  const ByteView trailing = record.field(0xDF43).value;
  out.trailing.assign(trailing.begin(), trailing.end());
  return out;
}

SignedApKey parse_signed_ap_key(ByteView file) {
  CardInfoRecord record(file, 0xFF50, std::nullopt, "text EF 0007 (signed AP key)");
  record.expect_tags({0xDF51, 0xDF52});
  SignedApKey out;
  out.public_key =
      hostcrypto::parse_card_public_key(record.field(0xDF51).value, record.field_name(0xDF51));
  out.signature = fixed_size(record, 0xDF52, 256, "an RSA-2048 signature");
  out.signed_data = record.raw_before(0xDF52);
  return out;
}

hostcrypto::RsaPublicKey parse_session_key_file(ByteView file) {
  const std::string what = "text EF 0006 (secure-messaging key)";
  const auto read = iso7816::read_ber_tlv(file);
  if (!read.ok()) throw RecordError(what + ": " + iso7816::describe(read.error));
  if (read.tlv.tag != 0xA1)
    throw RecordError(what + ": starts with tag " + tag_name(read.tlv.tag) + ", not A1");
  return hostcrypto::parse_card_public_key(read.tlv.value, what);
}

}  // namespace mynasim::client
