// Record 1 of the 共通カードAP's EF 0001 parsed from its bytes (shared/reference/jpki-card.md
// §2.4): SIMPLE-TLV `01 1C` + 28 ASCII digits = serial (15) + 全国地方公共団体コード (5) +
// expiry YYYYMMDD. Throws RecordError naming what is wrong.
#pragma once

#include <string>

#include "iso7816/bytes.hpp"
#include "reader/client/card_info_fields.hpp"

namespace mynasim::client {

struct CommonCardInfo {
  std::string serial;             // 15 digits
  std::string municipality_code;  // 5 digits; the first two are the prefecture
  CardDate expiry;
};

CommonCardInfo parse_common_card_info(ByteView record);

}  // namespace mynasim::client
