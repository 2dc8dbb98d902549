#include "iso7816/trace.hpp"

#include "iso7816/status_words.hpp"

namespace mynasim::iso7816 {

const char* command_name(std::uint8_t cla, std::uint8_t ins) {
  const bool proprietary = (cla & 0x80) != 0;
  if (proprietary) {
    switch (ins) {
      case 0x2A:
        return "COMPUTE DIGITAL SIGNATURE";
      case 0x32:
        return "CHANGE KEY";
      case 0xAE:
        return "SET SESSION KEY";
      default:
        return nullptr;
    }
  }
  switch (ins) {
    case 0xA4:
      return "SELECT";
    case 0xB0:
      return "READ BINARY";
    case 0xB2:
      return "READ RECORD";
    case 0xD6:
      return "UPDATE BINARY";
    case 0x20:
      return "VERIFY";
    case 0x24:
      return "CHANGE REFERENCE DATA";
    case 0x2C:
      return "RESET RETRY COUNTER";
    case 0x84:
      return "GET CHALLENGE";
    case 0x82:
      return "EXTERNAL AUTHENTICATE";
    case 0x88:
      return "INTERNAL AUTHENTICATE";
    case 0xC0:
      return "GET RESPONSE";
    case 0xCA:
      return "GET DATA";
    default:
      return nullptr;
  }
}

bool carries_secret(std::uint8_t ins) {
  return ins == 0x20 || ins == 0x24 || ins == 0x2C || ins == 0x32;
}

SecretSpan secret_span(ByteView raw) {
  if (raw.size() < 4 || !carries_secret(raw[1])) return {};
  const auto parsed = parse_command(raw);
  if (!parsed.ok()) return {4, raw.size(), true};
  if (parsed.command.data.empty()) return {};
  const std::size_t data_start = parsed.command.extended ? 7 : 5;
  return {data_start, data_start + parsed.command.data.size(), false};
}

std::string describe_command(ByteView raw) {
  if (raw.size() < 4) return "(malformed, " + std::to_string(raw.size()) + " bytes) " + to_hex(raw);
  const char* name = command_name(raw[0], raw[1]);
  std::string out = name ? name : "UNKNOWN";
  out += ' ';
  const SecretSpan secret = secret_span(raw);
  if (secret.empty()) return out + to_hex(raw);
  // A malformed command that would carry a secret: show only the header, never the rest.
  if (secret.malformed)
    return out + to_hex(raw.first(4)) + " (malformed, " + std::to_string(raw.size() - 4) +
           " more bytes not shown)";
  // Header and length bytes as sent, then one ** per secret byte, then Le if any.
  out += to_hex(raw.first(secret.begin));
  for (std::size_t i = secret.begin; i < secret.end; ++i) out += " **";
  if (secret.end < raw.size()) out += ' ' + to_hex(raw.subspan(secret.end));
  return out;
}

std::string describe_response(ByteView raw) {
  if (raw.size() < 2) return "(no status word)";
  const std::uint16_t word = static_cast<std::uint16_t>((raw[raw.size() - 2] << 8) | raw.back());
  std::string out;
  if (raw.size() > 2) out = std::to_string(raw.size() - 2) + " bytes, ";
  out += to_hex(raw.last(2));
  if (const char* name = sw::name(word)) out += std::string(" (") + name + ")";
  return out;
}

}  // namespace mynasim::iso7816
