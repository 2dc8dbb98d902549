// The 券面事項確認AP (surface application) of any My Number card as typed calls over a Channel
// (shared/reference/jpki-card.md §2.3, §4). 照合番号A (the My Number) or 照合番号B opens the card
// face; only A opens the rendered My Number; the 生年月日 key (Japanese-era YYMMDD) opens the age
// record.
#pragma once

#include "iso7816/bytes.hpp"
#include "reader/client/card_application.hpp"
#include "reader/client/surface_records.hpp"

namespace mynasim::client {

enum class SurfaceKey : std::uint16_t {
  kBirthDate = 0x0011,   // 生年月日 in Japanese-era YYMMDD
  kCollationB = 0x0012,  // 照合番号B
  kCollationA = 0x0013,  // 照合番号A
};
const char* name_of(SurfaceKey key);  // "birth-date", "collation-b", "collation-a"

class SurfaceClient : public ApplicationClient<SurfaceKey> {
 public:
  explicit SurfaceClient(Channel& channel);

  // The card face as jpki-rs reads it: SELECT EF 0002, the header, then the object in chunks.
  Bytes read_card_face_file() { return ap_.read_ber_object(0x0002, 0xFF20, "the card face"); }
  CardFace read_card_face() { return parse_card_face(read_card_face_file()); }
  Bytes read_age_record_file() { return ap_.read_ber_object(0x0001, 0xFF10, "the age record"); }
  Bytes read_basic_data_file() { return ap_.read_ber_object(0x0003, 0xFF30, "the basic data"); }
  Bytes read_cv_certificate_file() {
    return ap_.read_ber_object(0x0004, 0x7F21, "the CV certificate");
  }
  Bytes read_rendered_my_number_file() {
    return ap_.read_ber_object(0x0005, 0xFF40, "the rendered My Number");
  }
  Bytes sign(ByteView digest_info) { return ap_.sign_with_ap_key(digest_info); }
};

}  // namespace mynasim::client
