// SIMPLE-TLV (ISO/IEC 7816-4 §5.2.1, JICSAP 4.4.1): a one-byte tag (not 00 or FF), a length of one
// byte, or FF followed by two bytes. Used in record EFs. No I/O, no exceptions.
#pragma once

#include <cstdint>

#include "iso7816/bytes.hpp"

namespace mynasim::iso7816 {

struct SimpleTlv {
  std::uint8_t tag = 0;
  ByteView value{};
  std::size_t header_size = 0;
};

enum class SimpleTlvError : std::uint8_t {
  kNone = 0,
  kEmpty,
  kInvalidTag,  // 00 or FF
  kLengthTruncated,
  kValueTruncated,
};

const char* describe(SimpleTlvError error);

struct SimpleTlvRead {
  SimpleTlv tlv;
  SimpleTlvError error = SimpleTlvError::kNone;
  bool ok() const { return error == SimpleTlvError::kNone; }
};

SimpleTlvRead read_simple_tlv(ByteView buffer);

// Appends tag, length (1 byte below 255, else FF + 2 bytes) and value. Tags 00 and FF and values
// over 65535 bytes cannot be coded: returns false and appends nothing.
bool write_simple_tlv(Bytes& out, std::uint8_t tag, ByteView value);

}  // namespace mynasim::iso7816
