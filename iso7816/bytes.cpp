// Hex conversion for traces and test vectors, and the wipe that secrets go through.
#include "iso7816/bytes.hpp"

namespace mynasim {

namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_separator(char c) {
  return c == ' ' || c == ':';
}

}  // namespace

std::string to_hex(ByteView bytes, char separator) {
  std::string text;
  text.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0 && separator != '\0') text.push_back(separator);
    text.push_back(kHexDigits[bytes[i] >> 4]);
    text.push_back(kHexDigits[bytes[i] & 0x0F]);
  }
  return text;
}

std::string to_hex(std::uint16_t value) {
  const std::uint8_t bytes[] = {static_cast<std::uint8_t>(value >> 8),
                                static_cast<std::uint8_t>(value & 0xFF)};
  return to_hex(bytes, '\0');
}

bool from_hex(std::string_view text, Bytes& out) {
  Bytes decoded;
  decoded.reserve(text.size() / 2);
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_separator(text[i])) {
      // Separators only between bytes: not before the first one, not after the last one.
      if (decoded.empty()) return false;
      while (i < text.size() && is_separator(text[i])) ++i;
      if (i == text.size()) return false;
      continue;
    }
    if (i + 1 >= text.size()) return false;  // an odd digit out
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return false;
    decoded.push_back(static_cast<std::uint8_t>((high << 4) | low));
    i += 2;
  }
  out = std::move(decoded);
  return true;
}

void secure_wipe(std::span<std::uint8_t> secret) {
  // Stores through a volatile pointer are observable behaviour, so the compiler must keep them
  // even when the buffer is freed right after (a plain memset there is a dead store).
  volatile std::uint8_t* p = secret.data();
  for (std::size_t i = 0; i < secret.size(); ++i) p[i] = 0;
}

}  // namespace mynasim
