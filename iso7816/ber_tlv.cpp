// BER-TLV reading (tag, definite length, bounds) and shortest-form writing.
#include "iso7816/ber_tlv.hpp"

namespace mynasim::iso7816 {

namespace {

constexpr std::size_t kMaxTagBytes = 4;
constexpr std::size_t kMaxLengthBytes = 4;
constexpr std::uint8_t kTagNumberMask = 0x1F;  // all ones: the tag number follows
constexpr std::uint8_t kMoreTagBytes = 0x80;   // in a subsequent tag byte: another one follows
constexpr std::uint8_t kLongLength = 0x80;     // first length byte: count of length bytes follows

struct Header {
  std::uint32_t tag = 0;
  std::size_t header_size = 0;
  std::size_t value_length = 0;
};

BerError read_tag(ByteView buffer, std::size_t& pos, std::uint32_t& tag) {
  if (buffer.empty()) return BerError::kEmpty;
  tag = buffer[pos++];
  if ((tag & kTagNumberMask) != kTagNumberMask) return BerError::kNone;
  for (;;) {
    // A fifth byte would not fit the 32-bit tag; that is decided before running out of input.
    if (pos == kMaxTagBytes) return BerError::kTagTooLong;
    if (pos == buffer.size()) return BerError::kTagTruncated;
    const std::uint8_t byte = buffer[pos++];
    tag = (tag << 8) | byte;
    if ((byte & kMoreTagBytes) == 0) return BerError::kNone;
  }
}

BerError read_length(ByteView buffer, std::size_t& pos, std::size_t& length) {
  if (pos == buffer.size()) return BerError::kLengthTruncated;
  const std::uint8_t first = buffer[pos++];
  if ((first & kLongLength) == 0) {
    length = first;
    return BerError::kNone;
  }
  const std::size_t count = first & ~kLongLength;
  if (count == 0) return BerError::kIndefiniteLength;
  if (count > kMaxLengthBytes) return BerError::kLengthTooLong;
  if (buffer.size() - pos < count) return BerError::kLengthTruncated;
  length = 0;
  for (std::size_t i = 0; i < count; ++i) length = (length << 8) | buffer[pos++];
  return BerError::kNone;
}

BerError read_header(ByteView buffer, Header& header) {
  std::size_t pos = 0;
  BerError error = read_tag(buffer, pos, header.tag);
  if (error != BerError::kNone) return error;
  error = read_length(buffer, pos, header.value_length);
  if (error != BerError::kNone) return error;
  header.header_size = pos;
  return BerError::kNone;
}

// Number of bytes needed for `value` in big-endian form without leading zero bytes (0 for 0).
std::size_t significant_bytes(std::uint64_t value) {
  std::size_t count = 0;
  for (; value != 0; value >>= 8) ++count;
  return count;
}

void append_big_endian(Bytes& out, std::uint64_t value, std::size_t count) {
  for (std::size_t i = count; i > 0; --i)
    out.push_back(static_cast<std::uint8_t>(value >> (8 * (i - 1))));
}

}  // namespace

bool BerTlv::constructed() const {
  // The first tag byte is the most significant non-zero one: a multi-byte tag starts with xx1F.
  const std::size_t bytes = significant_bytes(tag);
  const auto first = static_cast<std::uint8_t>(bytes == 0 ? 0 : tag >> (8 * (bytes - 1)));
  return (first & 0x20) != 0;
}

const char* describe(BerError error) {
  switch (error) {
    case BerError::kNone:
      return "no error";
    case BerError::kEmpty:
      return "no bytes where a TLV was expected";
    case BerError::kTagTruncated:
      return "the buffer ends inside a multi-byte tag";
    case BerError::kTagTooLong:
      return "tag longer than 4 bytes";
    case BerError::kLengthTruncated:
      return "the buffer ends inside the length field";
    case BerError::kIndefiniteLength:
      return "indefinite length (80) is not allowed";
    case BerError::kLengthTooLong:
      return "length field of more than 4 bytes";
    case BerError::kValueTruncated:
      return "the value runs past the end of the buffer";
  }
  return "unknown BER-TLV error";
}

BerRead read_ber_tlv(ByteView buffer) {
  BerRead result;
  Header header;
  result.error = read_header(buffer, header);
  if (result.error != BerError::kNone) return result;
  if (header.value_length > buffer.size() - header.header_size) {
    result.error = BerError::kValueTruncated;
    return result;
  }
  result.tlv.tag = header.tag;
  result.tlv.header_size = header.header_size;
  result.tlv.value = buffer.subspan(header.header_size, header.value_length);
  return result;
}

BerError read_ber_header(ByteView buffer, std::uint32_t* tag, std::size_t* header_size,
                         std::size_t* value_length) {
  Header header;
  const BerError error = read_header(buffer, header);
  if (error != BerError::kNone) return error;
  if (tag != nullptr) *tag = header.tag;
  if (header_size != nullptr) *header_size = header.header_size;
  if (value_length != nullptr) *value_length = header.value_length;
  return BerError::kNone;
}

bool BerReader::next(BerTlv& out) {
  if (rest_.empty()) return false;
  const BerRead read = read_ber_tlv(rest_);
  if (!read.ok()) {
    error_ = read.error;
    rest_ = {};  // the bytes after a malformed TLV have no known start: stop for good
    return false;
  }
  out = read.tlv;
  rest_ = rest_.subspan(read.tlv.total_size());
  return true;
}

std::optional<BerTlv> BerReader::find(std::uint32_t tag) {
  BerTlv tlv;
  while (next(tlv)) {
    if (tlv.tag == tag) return tlv;
  }
  return std::nullopt;
}

void write_ber_tag(Bytes& out, std::uint32_t tag) {
  const std::size_t bytes = significant_bytes(tag);
  append_big_endian(out, tag, bytes == 0 ? 1 : bytes);
}

void write_ber_length(Bytes& out, std::size_t length) {
  if (length < kLongLength) {
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  const std::size_t bytes = significant_bytes(length);
  out.push_back(static_cast<std::uint8_t>(kLongLength | bytes));
  append_big_endian(out, length, bytes);
}

void write_ber_tlv(Bytes& out, std::uint32_t tag, ByteView value) {
  write_ber_tag(out, tag);
  write_ber_length(out, value.size());
  append(out, value);
}

}  // namespace mynasim::iso7816
