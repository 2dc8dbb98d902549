// BER-TLV (ISO/IEC 8825-1 as used by 7816-4): multi-byte tags, definite lengths up to 4 bytes.
// The 券面 applications and X.509 DER use it. No I/O, no exceptions.
#pragma once

#include <cstdint>
#include <optional>

#include "iso7816/bytes.hpp"

namespace mynasim::iso7816 {

struct BerTlv {
  std::uint32_t tag = 0;        // the tag bytes as a big-endian number: 0x30, 0x7F21, 0xDF22, ...
  ByteView value{};             // borrowed from the buffer that was read
  std::size_t header_size = 0;  // tag + length bytes
  std::size_t total_size() const { return header_size + value.size(); }
  bool constructed() const;  // bit 6 of the first tag byte
};

enum class BerError : std::uint8_t {
  kNone = 0,
  kEmpty,
  kTagTruncated,
  kTagTooLong,  // more than 4 tag bytes
  kLengthTruncated,
  kIndefiniteLength,  // 0x80: not allowed in DER nor on this card
  kLengthTooLong,     // more than 4 length bytes
  kValueTruncated,    // the length runs past the end of the buffer
};

const char* describe(BerError error);

struct BerRead {
  BerTlv tlv;
  BerError error = BerError::kNone;
  bool ok() const { return error == BerError::kNone; }
};

// Reads the TLV at the start of `buffer`.
BerRead read_ber_tlv(ByteView buffer);

// Reads only the header; useful to learn a certificate's total size from its first bytes
// (the clients' 4- and 7-byte header reads): the value need not be in `buffer`, so
// kValueTruncated is never returned. Any output pointer may be null; outputs are written only
// on success.
BerError read_ber_header(ByteView buffer, std::uint32_t* tag, std::size_t* header_size,
                         std::size_t* value_length);

// Iterates over consecutive TLVs; stops at the end or at the first malformed one (error()).
class BerReader {
 public:
  explicit BerReader(ByteView buffer) : rest_(buffer) {}
  // The reader and the TLVs it returns borrow the buffer: a temporary one would dangle.
  explicit BerReader(Bytes&&) = delete;
  bool next(BerTlv& out);
  BerError error() const { return error_; }
  // Finds the first TLV with `tag` among the remaining ones at this level, consuming the TLVs up
  // to and including it; nullopt (all consumed, error() set if one was malformed) when absent.
  std::optional<BerTlv> find(std::uint32_t tag);

 private:
  ByteView rest_;
  BerError error_ = BerError::kNone;
};

// Writes the tag's bytes from its most significant non-zero one (tag 0 is the single byte 00).
void write_ber_tag(Bytes& out, std::uint32_t tag);
// Shortest definite form. Lengths above 0xFFFFFFFF get more than 4 length bytes: valid BER that
// read_ber_tlv refuses (kLengthTooLong), never a silently truncated length.
void write_ber_length(Bytes& out, std::size_t length);
void write_ber_tlv(Bytes& out, std::uint32_t tag, ByteView value);

}  // namespace mynasim::iso7816
