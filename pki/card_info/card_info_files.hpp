// Every issuer-made EF of the card-info applications, byte for byte as reference §2.2-2.4 lays
// them out, from the holder's record and the public halves of the card's AP keys, signed by the
// card-info signer (cv_authority.hpp). What each signature covers is in pki/README.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hostcrypto/card_key_format.hpp"
#include "hostcrypto/rsa_public_key.hpp"
#include "iso7816/bytes.hpp"
#include "pki/card_info/cv_authority.hpp"
#include "pki/card_info/grey_image.hpp"
#include "pki/japanese_date.hpp"

namespace mynasim::pki::card_info {

struct CardInfoRecord {
  std::string name;     // UTF-8, family U+3000 given
  std::string address;  // UTF-8
  Date birth;
  char sex = '9';                 // '1' '2' '9' (JIS X 0303)
  std::string my_number;          // 12 digits
  Date expiry;                    // the card's 有効期限 (the auth certificate's last day, JST)
  std::string security_code;      // 4 digits
  std::string municipality_code;  // 5 digits, 全国地方公共団体コード without its check digit
  std::string card_serial;        // 15 digits
  GreyImage photo;                // kPhoto size (photo.hpp)
};

struct ApPublicKeys {
  hostcrypto::RsaPublicKey text_ap;     // text key 0013: text 0007 DF51
  hostcrypto::RsaPublicKey surface_ap;  // surface key: surface DF12, DF24, DF42
  // text 0006: the card's secure-messaging key, a terminal delivers a session key under it
  // (SET SESSION KEY); the card made it and holds its private half.
  hostcrypto::RsaPublicKey session_key;
  // The 共通 AP's INTERNAL AUTHENTICATE key: its public half is on no EF; when given, the signer
  // certifies it in the MF-level GET DATA object 7F21 (the lower link of the chain 00F8 -> 7F21).
  std::optional<hostcrypto::RsaPublicKey> common_ap;
};

struct CardInfoFile {
  std::uint8_t df_id = 0;  // card_face_profile.hpp: kTextDf, kSurfaceDf, kCommonDf, 0 = MF
  std::uint16_t fid = 0;
  Bytes content;  // a record EF's content is in the stored form: length byte + record, each
};

// Throws InvalidField naming the first field that is wrong (name, address, my-number,
// security-code, municipality, card-serial, sex, photo), including a name or address that
// does not fit its image. Nothing partial is returned.
std::vector<CardInfoFile> build_card_info_files(const CardInfoRecord& record,
                                                const ApPublicKeys& keys,
                                                const CardInfoSigner& signer);

// The parts, for tests and for callers that want one application.
std::vector<CardInfoFile> text_ap_files(const CardInfoRecord& record, const ApPublicKeys& keys,
                                        const CardInfoSigner& signer);
std::vector<CardInfoFile> surface_ap_files(const CardInfoRecord& record, const ApPublicKeys& keys,
                                           const CardInfoSigner& signer);
// 共通 0001 and 0002, 住基 0002, and the MF-level GET DATA objects (df_id 0, fid = the tag,
// content = what GET DATA answers).
std::vector<CardInfoFile> common_ap_files(const CardInfoRecord& record, const ApPublicKeys& keys,
                                          const CardInfoSigner& signer);

// Fixed sizes of the reference.
inline constexpr std::size_t kMyNumberFileSize = 17;    // text 0001
inline constexpr std::size_t kIntegrityFileSize = 336;  // text 0003

// Key ids the basic-data files name (DF42 of text 0005, DF32 of surface 0003): the AP keys'
// class, "x000034" / "x000024" as on real cards, with the simulator's leading 9.
hostcrypto::KeyId text_ap_key_id();
hostcrypto::KeyId surface_ap_key_id();
// The 共通 key's ID: its MF-level CV certificate's subject, and the 16-byte key reference of
// 共通 0002 and 住基 0002 ("9000014"/"001").
hostcrypto::KeyId common_ap_key_id();

}  // namespace mynasim::pki::card_info
