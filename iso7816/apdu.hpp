// Command and response APDUs (ISO/IEC 7816-3 §12.1, 7816-4 §5): cases 1-4, short and extended.
// Pure codec: no I/O, no exceptions.
#pragma once

#include <cstdint>
#include <optional>

#include "iso7816/bytes.hpp"

namespace mynasim::iso7816 {

inline constexpr std::size_t kMaxShortNc = 255;
inline constexpr std::size_t kMaxShortNe = 256;
inline constexpr std::size_t kMaxExtendedNc = 65535;
inline constexpr std::size_t kMaxExtendedNe = 65536;

enum class ApduCase : std::uint8_t { k1 = 1, k2 = 2, k3 = 3, k4 = 4 };

struct CommandApdu {
  std::uint8_t cla = 0;
  std::uint8_t ins = 0;
  std::uint8_t p1 = 0;
  std::uint8_t p2 = 0;
  Bytes data{};           // the command data field, Nc bytes
  std::uint32_t ne = 0;   // expected response length; meaningful only when has_le
  bool has_le = false;    // an Le field is present (Le=00 means 256, or 65536 extended)
  bool extended = false;  // lengths were (or are to be) coded in the extended form

  // Field-wise; parse_command(build_command(x)) == x holds for every x build_command accepts whose
  // ne is 0 without an Le, whose extended flag is false for case 1, and is true when Nc > 255 or
  // Ne > 256 (the parser reports the form it saw; the builder may have had to choose it).
  friend bool operator==(const CommandApdu&, const CommandApdu&) = default;

  ApduCase apdu_case() const {
    if (data.empty()) return has_le ? ApduCase::k2 : ApduCase::k1;
    return has_le ? ApduCase::k4 : ApduCase::k3;
  }
};

// One reason per malformed length combination (ISO/IEC 7816-3 §12.1.3), so traces say which.
enum class ApduError : std::uint8_t {
  kNone = 0,
  kTooShort,                 // fewer than the 4 header bytes
  kExtendedLengthTruncated,  // 00 marker followed by fewer than 2 length bytes
  kExtendedLcZero,           // 00 00 00 as Lc: Nc=0 cannot be coded
  kLcExceedsBody,            // short Lc announces more data bytes than the APDU carries
  kTrailingBytes,            // short form: more bytes after the data than one Le byte
  kExtendedLeMissingByte,    // extended case 4 whose Le is 1 byte instead of 2
  kDataTooLong,              // Nc beyond 65535, what no form can code (builder only)
  kNeTooLarge,               // Ne beyond 65536, what no form can code (builder only)
  kExtendedLcExceedsBody,    // extended Lc announces more data bytes than the APDU carries
  kExtendedTrailingBytes,    // extended form: more bytes after the data than one 2-byte Le
  kNeZero,                   // has_le with ne == 0: Le 00 means 256, so 0 has no coding (builder)
};

const char* describe(ApduError error);

struct ParsedCommand {
  CommandApdu command;
  ApduError error = ApduError::kNone;
  bool ok() const { return error == ApduError::kNone; }
};

// A command from its fields; with ne > 0 it has an Le (Ne = ne).
inline CommandApdu make_command(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1,
                                std::uint8_t p2, Bytes data = {}, std::uint32_t ne = 0) {
  CommandApdu c;
  c.cla = cla;
  c.ins = ins;
  c.p1 = p1;
  c.p2 = p2;
  c.data = std::move(data);
  c.has_le = ne > 0;
  c.ne = ne;
  return c;
}

// Decodes a command APDU. A malformed length combination is reported with its reason; the card
// answers those with 6700 (wrong length). On such an error the header fields (CLA INS P1 P2) are
// still filled when the 4 header bytes are there, so a trace can name the command.
ParsedCommand parse_command(ByteView raw);

// Encodes a command APDU. Uses the short form unless `extended` is set or a length needs the
// extended form (Nc > 255 or Ne > 256). Fails (nullopt, reason in *error) when Nc > 65535,
// Ne > 65536 or has_le with ne == 0. `ne` is ignored without has_le; `extended` is meaningless
// for case 1, which has no length field.
std::optional<Bytes> build_command(const CommandApdu& command, ApduError* error = nullptr);

struct ResponseApdu {
  Bytes data{};
  std::uint16_t sw = 0;

  std::uint8_t sw1() const { return static_cast<std::uint8_t>(sw >> 8); }
  std::uint8_t sw2() const { return static_cast<std::uint8_t>(sw); }
  bool ok() const { return sw == 0x9000; }
  Bytes to_bytes() const;
};

// Splits a response into data and status word; nullopt when shorter than the 2-byte status word.
std::optional<ResponseApdu> parse_response(ByteView raw);

}  // namespace mynasim::iso7816
