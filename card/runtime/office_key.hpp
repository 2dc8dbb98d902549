// The municipal office's key on the card: the PUBLIC half of the issuer key that EXTERNAL
// AUTHENTICATE checks (card/runtime/commands/office_commands.cpp), written at issuance
// (card/personalize/office_key.hpp), and its retry counter. Both live at the MF level of the
// card image, as kMeta objects.
//
// What the office signs: RSASSA-PKCS1-v1_5 over the DER DigestInfo of
//   SHA-256( challenge || card serial )
// where challenge is the bytes of the last GET CHALLENGE (8 or more) and card serial the 16
// characters of the serialNumber field of JPKI EF 0006 (CK_TOKEN_INFO bytes 80..95), so that a
// signature is good for one challenge of one card only.
#pragma once

#include <cstdint>
#include <optional>

#include "card/crypto/rsa_key.hpp"
#include "card/runtime/object_ids.hpp"

namespace mynasim::card::office {

inline constexpr std::uint16_t kMetaOfficeKey = 0x0F01;      // u16 len | modulus | u16 len | e
inline constexpr std::uint16_t kMetaOfficeCounter = 0x0F02;  // one byte: tries left
inline constexpr std::uint8_t kMaxTries = 10;  // wrong signatures before the office key blocks
inline constexpr std::size_t kMinChallenge = 8;

inline constexpr store::ObjectId kKeyId = object_id(ObjectKind::kMeta, 0, kMetaOfficeKey);
inline constexpr store::ObjectId kCounterId = object_id(ObjectKind::kMeta, 0, kMetaOfficeCounter);

// Stored form of the public key, and back (nullopt for bytes that are not one).
Bytes encode_public_key(const crypto::RsaPublicKey& key);
std::optional<crypto::RsaPublicKey> decode_public_key(ByteView stored);

// CK_TOKEN_INFO serialNumber: where it sits in JPKI EF 0006.
inline constexpr std::size_t kSerialOffset = 80;
inline constexpr std::size_t kSerialSize = 16;

}  // namespace mynasim::card::office
