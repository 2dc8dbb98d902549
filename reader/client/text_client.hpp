// The 券面事項入力補助AP (text application) of any My Number card as typed calls over a Channel
// (shared/reference/jpki-card.md §2.2, §3, §4). The 4-digit PIN opens the My Number and the
// attributes; 照合番号A (the My Number) opens the My Number file, 照合番号B (birth date in
// Japanese-era YYMMDD + expiry year + security code) the attributes.
#pragma once

#include "iso7816/bytes.hpp"
#include "reader/client/card_application.hpp"
#include "reader/client/secure_messaging.hpp"
#include "reader/client/text_records.hpp"

namespace mynasim::client {

// The key references, by their EF numbers.
enum class TextKey : std::uint16_t {
  kPin = 0x0011,         // 券面事項入力補助用暗証番号 (4 digits)
  kBlocked = 0x0012,     // blocked from issuance: 63C0 / 6984
  kCollationA = 0x0014,  // 照合番号A
  kCollationB = 0x0015,  // 照合番号B
};
const char* name_of(TextKey key);  // "pin", "blocked-0012", "collation-a", "collation-b"

class TextClient : public ApplicationClient<TextKey> {
 public:
  explicit TextClient(Channel& channel);

  // EF 0001 as myna reads it: `00 B0 00 00 11`, the 17 bytes as stored (FF filler included,
  // which is what the integrity file hashes).
  Bytes read_my_number_file() { return ap_.read_binary_prefix(0x0001, kMyNumberFileSize); }
  std::string read_my_number() { return parse_my_number_file(read_my_number_file()); }
  Bytes read_attributes_file() { return ap_.read_ber_object(0x0002, 0xFF20, "the attributes"); }
  TextAttributes read_attributes() { return parse_text_attributes(read_attributes_file()); }
  Bytes read_integrity_file() { return ap_.read_ber_object(0x0003, 0xFF30, "the integrity file"); }
  Bytes read_cv_certificate_file() {
    return ap_.read_ber_object(0x0004, 0x7F21, "the CV certificate");
  }
  Bytes read_basic_data_file() { return ap_.read_ber_object(0x0005, 0xFF40, "the basic data"); }
  // EF 0006 (the PIN or either 照合番号 opens it): the key SET SESSION KEY is delivered under.
  Bytes read_session_key_file() {
    return ap_.read_ber_object(0x0006, 0xA1, "the secure-messaging key");
  }
  Bytes read_signed_ap_key_file() {
    return ap_.read_ber_object(0x0007, 0xFF50, "the signed AP key");
  }
  // `80 2A 00 00` with the AP's own key 0013: no credential needed.
  Bytes sign(ByteView digest_info) { return ap_.sign_with_ap_key(digest_info); }

  // Secure messaging (myna-card sm.rs): reads EF 0006 and delivers a fresh session key under it.
  // The PIN must have been verified in the clear first (the card answers 6982 otherwise).
  SecureSession open_secure_session() {
    return SecureSession(channel_, parse_session_key_file(read_session_key_file()));
  }

 private:
  Channel& channel_;
};

}  // namespace mynasim::client
