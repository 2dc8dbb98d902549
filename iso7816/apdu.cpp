// Command APDU length decoding (ISO/IEC 7816-3 §12.1.3) and encoding, and response splitting.
#include "iso7816/apdu.hpp"

namespace mynasim::iso7816 {

namespace {

// Le 00 (short) and 00 00 (extended) stand for the maximum, not for zero.
std::uint32_t short_ne(std::uint8_t le) {
  return le == 0 ? kMaxShortNe : le;
}
std::uint32_t extended_ne(std::uint16_t le) {
  return le == 0 ? kMaxExtendedNe : le;
}

// `body` is everything after the header; its first byte B1 is a non-zero short Lc.
ApduError parse_short_lc(ByteView body, CommandApdu& command) {
  const std::size_t nc = body[0];
  const std::size_t after_lc = body.size() - 1;
  if (after_lc < nc) return ApduError::kLcExceedsBody;
  if (after_lc > nc + 1) return ApduError::kTrailingBytes;
  command.data.assign(body.begin() + 1, body.begin() + 1 + static_cast<std::ptrdiff_t>(nc));
  if (after_lc == nc + 1) {
    command.has_le = true;
    command.ne = short_ne(body.back());
  }
  return ApduError::kNone;
}

// `body` is everything after the header, at least 2 bytes, and starts with the 00 marker.
ApduError parse_extended(ByteView body, CommandApdu& command) {
  if (body.size() < 3) return ApduError::kExtendedLengthTruncated;
  command.extended = true;
  if (body.size() == 3) {  // case 2E: the two bytes are Le
    command.has_le = true;
    command.ne = extended_ne(read_u16(body, 1));
    return ApduError::kNone;
  }
  const std::size_t nc = read_u16(body, 1);
  if (nc == 0) return ApduError::kExtendedLcZero;
  const std::size_t after_lc = body.size() - 3;
  if (after_lc < nc) return ApduError::kExtendedLcExceedsBody;
  if (after_lc == nc + 1) return ApduError::kExtendedLeMissingByte;
  if (after_lc > nc + 2) return ApduError::kExtendedTrailingBytes;
  command.data.assign(body.begin() + 3, body.begin() + 3 + static_cast<std::ptrdiff_t>(nc));
  if (after_lc == nc + 2) {
    command.has_le = true;
    command.ne = extended_ne(read_u16(body, body.size() - 2));
  }
  return ApduError::kNone;
}

ApduError check_buildable(const CommandApdu& command) {
  if (command.data.size() > kMaxExtendedNc) return ApduError::kDataTooLong;
  if (command.has_le && command.ne > kMaxExtendedNe) return ApduError::kNeTooLarge;
  if (command.has_le && command.ne == 0) return ApduError::kNeZero;
  return ApduError::kNone;
}

}  // namespace

const char* describe(ApduError error) {
  switch (error) {
    case ApduError::kNone:
      return "no error";
    case ApduError::kTooShort:
      return "fewer than the 4 header bytes CLA INS P1 P2";
    case ApduError::kExtendedLengthTruncated:
      return "extended length marker 00 followed by 1 byte instead of 2";
    case ApduError::kExtendedLcZero:
      return "extended Lc is 00 00 (Nc = 0 cannot be coded)";
    case ApduError::kLcExceedsBody:
      return "short Lc announces more data bytes than the APDU carries";
    case ApduError::kTrailingBytes:
      return "short form: more than one Le byte after the data";
    case ApduError::kExtendedLeMissingByte:
      return "extended case 4 with a 1-byte Le instead of 2";
    case ApduError::kDataTooLong:
      return "command data longer than 65535 bytes";
    case ApduError::kNeTooLarge:
      return "Ne larger than 65536";
    case ApduError::kExtendedLcExceedsBody:
      return "extended Lc announces more data bytes than the APDU carries";
    case ApduError::kExtendedTrailingBytes:
      return "extended form: more than a 2-byte Le after the data";
    case ApduError::kNeZero:
      return "Le present with Ne = 0 (Le 00 means 256)";
  }
  return "unknown APDU error";
}

ParsedCommand parse_command(ByteView raw) {
  ParsedCommand result;
  if (raw.size() < 4) {
    result.error = ApduError::kTooShort;
    return result;
  }
  CommandApdu& command = result.command;
  command.cla = raw[0];
  command.ins = raw[1];
  command.p1 = raw[2];
  command.p2 = raw[3];
  const ByteView body = raw.subspan(4);
  if (body.empty()) return result;  // case 1
  if (body.size() == 1) {           // case 2S, whatever the byte
    command.has_le = true;
    command.ne = short_ne(body[0]);
    return result;
  }
  result.error = body[0] != 0 ? parse_short_lc(body, command) : parse_extended(body, command);
  return result;
}

std::optional<Bytes> build_command(const CommandApdu& command, ApduError* error) {
  const ApduError problem = check_buildable(command);
  if (error != nullptr) *error = problem;
  if (problem != ApduError::kNone) return std::nullopt;

  const std::size_t nc = command.data.size();
  const bool extended =
      command.extended || nc > kMaxShortNc || (command.has_le && command.ne > kMaxShortNe);
  Bytes out{command.cla, command.ins, command.p1, command.p2};
  out.reserve(4 + 3 + nc + 2);
  if (extended && (nc != 0 || command.has_le)) out.push_back(0x00);  // the extended marker
  if (nc != 0) {
    if (extended) {
      append_u16(out, static_cast<std::uint16_t>(nc));
    } else {
      out.push_back(static_cast<std::uint8_t>(nc));
    }
    append(out, command.data);
  }
  if (command.has_le) {
    // 256 and 65536 wrap to the all-zero Le, which is how the maximum is coded.
    if (extended) {
      append_u16(out, static_cast<std::uint16_t>(command.ne));
    } else {
      out.push_back(static_cast<std::uint8_t>(command.ne));
    }
  }
  return out;
}

Bytes ResponseApdu::to_bytes() const {
  Bytes out;
  out.reserve(data.size() + 2);
  append(out, data);
  append_u16(out, sw);
  return out;
}

std::optional<ResponseApdu> parse_response(ByteView raw) {
  if (raw.size() < 2) return std::nullopt;
  ResponseApdu response;
  response.data.assign(raw.begin(), raw.end() - 2);
  response.sw = read_u16(raw, raw.size() - 2);
  return response;
}

}  // namespace mynasim::iso7816
