#include "hostcrypto/card_key_format.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "hostcrypto/errors.hpp"
#include "iso7816/ber_tlv.hpp"

namespace mynasim::hostcrypto {
namespace {

constexpr std::size_t kModulusBytes = 256;

bool all_digits(ByteView bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](std::uint8_t b) { return b >= '0' && b <= '9'; });
}

ByteView text_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

Bytes strip_leading_zeros(const Bytes& b) {
  std::size_t i = 0;
  while (i < b.size() && b[i] == 0) ++i;
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(i), b.end());
}

}  // namespace

std::string tag_name(std::uint32_t tag) {
  char text[16];
  std::snprintf(text, sizeof text, tag > 0xFF ? "%04X" : "%02X", tag);
  return text;
}

RsaPublicKey parse_card_public_key(ByteView bytes, const std::string& what) {
  iso7816::BerReader reader(bytes);
  iso7816::BerTlv tlv;
  RsaPublicKey key;
  bool has_e = false, has_n = false;
  while (reader.next(tlv)) {
    if (tlv.tag == 0x90 && !has_e) {
      key.exponent.assign(tlv.value.begin(), tlv.value.end());
      has_e = true;
    } else if (tlv.tag == 0x91 && !has_n) {
      key.modulus.assign(tlv.value.begin(), tlv.value.end());
      has_n = true;
    } else {
      throw FormatError(what + ": unexpected object " + tag_name(tlv.tag) +
                        " (a key is 90 exponent, 91 modulus)");
    }
  }
  if (reader.error() != iso7816::BerError::kNone)
    throw FormatError(what + ": " + iso7816::describe(reader.error()));
  if (!has_e) throw FormatError(what + ": no public exponent (90)");
  if (!has_n) throw FormatError(what + ": no modulus (91)");
  if (key.exponent.empty() || key.bits() < 1024)
    throw FormatError(what + ": the key is " + std::to_string(key.bits()) +
                      " bits; the card's keys are RSA-2048");
  return key;
}

Bytes encode_card_public_key(const RsaPublicKey& key) {
  const Bytes modulus = strip_leading_zeros(key.modulus);
  const Bytes exponent = strip_leading_zeros(key.exponent);
  if (modulus.empty() || modulus.size() > kModulusBytes || exponent.empty())
    throw FormatError("card public key: the card keys are RSA-2048 (modulus of " +
                      std::to_string(modulus.size()) + " bytes)");
  Bytes padded(kModulusBytes - modulus.size(), 0);
  append(padded, modulus);
  Bytes out;
  iso7816::write_ber_tlv(out, 0x90, exponent);
  iso7816::write_ber_tlv(out, 0x91, padded);
  return out;
}

KeyId make_key_id(std::string_view number, std::string_view group) {
  if (number.size() != 7 || group.size() != 3 || !all_digits(text_bytes(number)) ||
      !all_digits(text_bytes(group)))
    throw FormatError("key id: 7 digits and 3 digits are needed, got \"" + std::string(number) +
                      "\" / \"" + std::string(group) + "\"");
  KeyId id{};
  std::memcpy(id.data(), number.data(), 7);
  id[7] = 0x08;
  id[8] = 0x05;
  std::memcpy(id.data() + 9, group.data(), 3);
  return id;
}

void check_key_id(ByteView bytes, const std::string& what) {
  if (bytes.size() != kKeyIdSize)
    throw FormatError(what + ": a key identifier is 16 bytes, got " + std::to_string(bytes.size()));
  if (!all_digits(bytes.subspan(0, 7)) || !all_digits(bytes.subspan(9, 3)))
    throw FormatError(what + ": " + to_hex(bytes) +
                      " is not a key identifier (7 digits, 2 bytes, 3 digits, 4 bytes)");
}

KeyId parse_key_id(ByteView bytes, const std::string& what) {
  check_key_id(bytes, what);
  KeyId id{};
  std::copy(bytes.begin(), bytes.end(), id.begin());
  return id;
}

std::string key_id_text(ByteView key_id) {
  if (key_id.size() != kKeyIdSize) return to_hex(key_id, '\0');
  return std::string(key_id.begin(), key_id.begin() + 7) + "/" +
         std::string(key_id.begin() + 9, key_id.begin() + 12);
}

}  // namespace mynasim::hostcrypto
