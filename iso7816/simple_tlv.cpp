// SIMPLE-TLV reading and writing for record EFs.
#include "iso7816/simple_tlv.hpp"

namespace mynasim::iso7816 {

namespace {

constexpr std::uint8_t kInvalidTagZero = 0x00;
constexpr std::uint8_t kInvalidTagFf = 0xFF;
constexpr std::uint8_t kThreeByteLength = 0xFF;  // as first length byte: two length bytes follow
constexpr std::size_t kMaxOneByteLength = 0xFE;
constexpr std::size_t kMaxLength = 0xFFFF;

}  // namespace

const char* describe(SimpleTlvError error) {
  switch (error) {
    case SimpleTlvError::kNone:
      return "no error";
    case SimpleTlvError::kEmpty:
      return "no bytes where a SIMPLE-TLV was expected";
    case SimpleTlvError::kInvalidTag:
      return "tag 00 or FF is not a SIMPLE-TLV tag";
    case SimpleTlvError::kLengthTruncated:
      return "the buffer ends inside the length field";
    case SimpleTlvError::kValueTruncated:
      return "the value runs past the end of the buffer";
  }
  return "unknown SIMPLE-TLV error";
}

SimpleTlvRead read_simple_tlv(ByteView buffer) {
  SimpleTlvRead result;
  if (buffer.empty()) {
    result.error = SimpleTlvError::kEmpty;
    return result;
  }
  const std::uint8_t tag = buffer[0];
  if (tag == kInvalidTagZero || tag == kInvalidTagFf) {
    result.error = SimpleTlvError::kInvalidTag;
    return result;
  }
  if (buffer.size() < 2) {
    result.error = SimpleTlvError::kLengthTruncated;
    return result;
  }
  std::size_t header_size = 2;
  std::size_t length = buffer[1];
  if (buffer[1] == kThreeByteLength) {
    if (buffer.size() < 4) {
      result.error = SimpleTlvError::kLengthTruncated;
      return result;
    }
    header_size = 4;
    length = read_u16(buffer, 2);
  }
  if (length > buffer.size() - header_size) {
    result.error = SimpleTlvError::kValueTruncated;
    return result;
  }
  result.tlv.tag = tag;
  result.tlv.header_size = header_size;
  result.tlv.value = buffer.subspan(header_size, length);
  return result;
}

bool write_simple_tlv(Bytes& out, std::uint8_t tag, ByteView value) {
  if (tag == kInvalidTagZero || tag == kInvalidTagFf || value.size() > kMaxLength) return false;
  out.push_back(tag);
  if (value.size() <= kMaxOneByteLength) {
    out.push_back(static_cast<std::uint8_t>(value.size()));
  } else {
    out.push_back(kThreeByteLength);
    append_u16(out, static_cast<std::uint16_t>(value.size()));
  }
  append(out, value);
  return true;
}

}  // namespace mynasim::iso7816
