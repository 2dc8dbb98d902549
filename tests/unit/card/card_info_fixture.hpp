// Card-info EF contents for the test card: small, correctly laid out records (reference §2.2-2.4)
// for the holder of test_card.hpp, carrying the card's own AP public keys where the real records
// do. The issuer signatures are filler (the card never checks them); pki/card_info makes the real
// ones. Installed with the certificates by issued_card().
#pragma once

#include <string_view>
#include <vector>

#include "card/personalize/personalizer.hpp"
#include "iso7816/bytes.hpp"

namespace mynasim::testing {

inline constexpr std::string_view kCardSerial = "400000012719843";
inline constexpr std::string_view kMunicipality = "13101";
inline constexpr std::string_view kExpiry = "20350217";

// 90 03 <e> 91 82 01 00 <n>: how the card-info records carry an RSA public key.
Bytes card_info_public_key(const card::crypto::RsaPublicKey& key);

// DER DigestInfo of SHA-256(message), what 80 2A and INTERNAL AUTHENTICATE's signatures carry.
Bytes sha256_digest_info(ByteView message);

// Every card-info EF and MF data object of the test card.
std::vector<card::EfContent> test_card_info(const card::CardPublicKeys& keys);

// One file of that set, by application id (0 = MF data object) and FID / tag.
Bytes test_card_info_file(const card::CardPublicKeys& keys, std::uint8_t df_id, std::uint16_t fid);

}  // namespace mynasim::testing
