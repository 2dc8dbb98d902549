#include "reader/client/pin_catalog.hpp"

#include <string>
#include <vector>

namespace mynasim::client {
namespace {

const Bytes kJpki = {0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01};
const Bytes kText = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08};
const Bytes kSurface = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02};
const Bytes kCommon = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00};
const Bytes kJuki = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01};

using C = PinCharset;
using X = PinChange;

const std::vector<PinEntry>& entries() {
  static const std::vector<PinEntry> kEntries = {
      {"auth", "利用者証明用暗証番号 (user-authentication PIN)", "JPKI", kJpki, 0x0018, C::kDigits,
       4, 4, X::kChangeReferenceData},
      {"sign", "署名用パスワード (signature password)", "JPKI", kJpki, 0x001B, C::kUpperAlnum, 6,
       16, X::kChangeReferenceData},
      {"text", "券面事項入力補助用暗証番号 (card-info input PIN)", "text", kText, 0x0011,
       C::kDigits, 4, 4, X::kChangeReferenceData},
      {"text-a", "照合番号A (My Number) of the text application", "text", kText, 0x0014, C::kDigits,
       12, 12, X::kNone},
      {"text-b", "照合番号B of the text application", "text", kText, 0x0015, C::kDigits, 14, 14,
       X::kNone},
      {"surface-birth", "生年月日 key of the surface application", "surface", kSurface, 0x0011,
       C::kDigits, 6, 6, X::kNone},
      {"surface-b", "照合番号B of the surface application", "surface", kSurface, 0x0012, C::kDigits,
       14, 14, X::kNone},
      {"surface-a", "照合番号A (My Number) of the surface application", "surface", kSurface, 0x0013,
       C::kDigits, 12, 12, X::kNone},
      {"common", "住民基本台帳用暗証番号 in the 共通 application", "common", kCommon, 0x001C,
       C::kDigits, 4, 4, X::kChangeKey},
      {"juki", "住民基本台帳用暗証番号 in the 住基 application", "juki", kJuki, 0x001C, C::kDigits,
       4, 4, X::kChangeKey},
  };
  return kEntries;
}

}  // namespace

std::span<const PinEntry> pin_catalog() {
  return entries();
}

const PinEntry* find_pin(std::string_view name) {
  for (const auto& entry : entries())
    if (entry.name == name) return &entry;
  return nullptr;
}

std::string pin_names() {
  std::string out;
  for (const auto& entry : entries()) out += (out.empty() ? "" : "|") + std::string(entry.name);
  return out;
}

}  // namespace mynasim::client
