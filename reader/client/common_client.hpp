// The 共通カードAP and the 住基AP of any My Number card as typed calls over a Channel
// (shared/reference/jpki-card.md §2.4): the card-info record (READ RECORD by short EF id, no
// credential) and their 4-digit PINs, two separate key references both at EF 001C.
#pragma once

#include "iso7816/bytes.hpp"
#include "reader/client/card_application.hpp"
#include "reader/client/common_records.hpp"

namespace mynasim::client {

enum class ResidentKey : std::uint16_t {
  kPin = 0x001C,  // 4 digits; the 共通 and the 住基 one are separate counters
};
const char* name_of(ResidentKey key);  // "pin"

class CommonClient : public ApplicationClient<ResidentKey> {
 public:
  explicit CommonClient(Channel& channel);
  // `00 B2 01 0C 00`: record 1 of the EF with short id 1, as myna reads it.
  Bytes read_card_info_record() { return ap_.read_record(1, 1, "EF 0001"); }
  CommonCardInfo read_card_info() { return parse_common_card_info(read_card_info_record()); }
};

class ResidentClient : public ApplicationClient<ResidentKey> {
 public:
  explicit ResidentClient(Channel& channel);
};

}  // namespace mynasim::client
