#include "reader/client/common_records.hpp"

#include "iso7816/simple_tlv.hpp"

namespace mynasim::client {

CommonCardInfo parse_common_card_info(ByteView record) {
  const std::string what = "common EF 0001 record 1 (card info)";
  const auto read = iso7816::read_simple_tlv(record);
  if (!read.ok()) throw RecordError(what + ": " + iso7816::describe(read.error));
  if (read.tlv.tag != 0x01)
    throw RecordError(what + ": tag " + tag_name(read.tlv.tag) + ", not 01");
  const ByteView value = read.tlv.value;
  if (value.size() != 28)
    throw RecordError(what + ": " + std::to_string(value.size()) +
                      " bytes, not 28 (serial 15 + municipality 5 + expiry 8)");
  for (std::size_t i = 0; i < value.size(); ++i)
    if (value[i] < '0' || value[i] > '9')
      throw RecordError(what + ": byte " + std::to_string(i + 1) + " of the value is not a digit");
  if (read.tlv.header_size + value.size() != record.size())
    throw RecordError(what + ": " +
                      std::to_string(record.size() - read.tlv.header_size - value.size()) +
                      " bytes after the 01 object");
  CommonCardInfo out;
  out.serial.assign(value.begin(), value.begin() + 15);
  out.municipality_code.assign(value.begin() + 15, value.begin() + 20);
  out.expiry = parse_card_date(value.subspan(20), what + ", expiry");
  return out;
}

}  // namespace mynasim::client
