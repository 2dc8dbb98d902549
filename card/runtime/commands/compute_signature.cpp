// COMPUTE DIGITAL SIGNATURE (80 2A P1 P2 Lc data [Le]). P2 = 80 (the key EF selected before) or
// 80+SFI (myna-card names the key that way); the key's PIN must have been verified since the
// last SELECT of the DF (6982 otherwise). P2 = 00: the current application's own key, no
// credential, P1 = 00 only (ap_signature.cpp).
// P1 picks the scheme, as myna-card's author found by exercising every P1 value against a card
// (src/ap/jpki.rs SignatureScheme; reference §3):
//   00  PKCS#1 v1.5 over the data as given (normally a DER DigestInfo, any hash), 1..245 bytes
//   01  the card hashes the data with SHA-256, PKCS#1 v1.5 over the bare 32-byte hash
//   02  the data is a SHA-256 hash: the card wraps it in a DigestInfo, PKCS#1 v1.5
//   03  the card hashes the data with SHA-256, wraps it in a DigestInfo, PKCS#1 v1.5
//   04  the data is a SHA-256 hash: RSASSA-PSS, MGF1-SHA-256, 32-byte random salt
//   05  the card hashes the data with SHA-256, then as 04
//   other P1: 6A86.
// Lengths (myna-card: "an input the card would answer 6985 or 6700 to", without saying which):
// no data -> 6700 for every scheme; 00 over 245 bytes -> 6700 (no room for the padding); 02 and 04
// with data that is not 32 bytes -> 6985 (CHOSEN: the data is not a SHA-256 hash). A file that is
// not a private key: 6A88.
#include <algorithm>
#include <array>
#include <optional>

#include "card/crypto/digest.hpp"
#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {
namespace {

using namespace iso7816::sw;

constexpr std::uint8_t kLastScheme = 0x05;
constexpr std::size_t kSha256Size = 32;

bool card_hashes(std::uint8_t p1) {
  return p1 == 0x01 || p1 == 0x03 || p1 == 0x05;
}

// P1 01..05: what the key signs is a SHA-256 hash, given or computed here.
ResponseApdu sign_hash_scheme(CardState& card, store::ObjectId key_id, std::uint8_t p1,
                              ByteView data) {
  auto key = card.keys.find(key_id);
  if (key == card.keys.end()) return status(kReferencedDataNotFound);  // never generated
  if (data.empty()) return status(kWrongLength);
  if (!card_hashes(p1) && data.size() != kSha256Size) return status(kConditionsNotSatisfied);
  std::array<std::uint8_t, kSha256Size> hash{};
  if (card_hashes(p1))
    hash = crypto::sha256(data);
  else
    std::copy(data.begin(), data.end(), hash.begin());

  std::optional<Bytes> signature;
  if (p1 == 0x01) {
    signature = key->second.sign_pkcs1_v15(hash, card.env.random);
  } else if (p1 == 0x02 || p1 == 0x03) {
    Bytes digest_info(crypto::sha256_digest_info_prefix().begin(),
                      crypto::sha256_digest_info_prefix().end());
    append(digest_info, hash);
    signature = key->second.sign_pkcs1_v15(digest_info, card.env.random);
  } else {
    signature = key->second.sign_pss_sha256(hash, card.env.random);
  }
  if (!signature) return status(kUnknownError);
  return ResponseApdu{std::move(*signature), kSuccess};
}

}  // namespace

ResponseApdu compute_digital_signature(CardState& card, const CommandApdu& command) {
  if (command.p1 > kLastScheme) return status(kIncorrectP1P2);
  if (command.p2 == 0x00) {
    if (command.p1 != 0x00) return status(kIncorrectP1P2);
    return ap_signature(card, command);
  }
  const EfLookup found = ef_from_key_reference(card, command.p2);
  if (!found.ef) return status(found.sw);
  const EfSpec& ef = *found.ef;
  if (ef.type != EfType::kPrivateKey) return status(kReferencedDataNotFound);
  if (!card.security.satisfies(ef.use)) return status(card.profile.choices.unverified_access_sw);
  const store::ObjectId key_id = card.id_of(ObjectKind::kPrivateKey, ef);
  if (command.p1 == 0x00) return sign_with(card, key_id, command.data);
  return sign_hash_scheme(card, key_id, command.p1, command.data);
}

ResponseApdu sign_with(CardState& card, store::ObjectId key_id, ByteView input) {
  auto key = card.keys.find(key_id);
  if (key == card.keys.end()) return status(kReferencedDataNotFound);  // never generated
  if (input.empty() || input.size() + 11 > key->second.modulus_size()) return status(kWrongLength);
  auto signature = key->second.sign_pkcs1_v15(input, card.env.random);
  if (!signature) return status(kUnknownError);
  return ResponseApdu{std::move(*signature), kSuccess};
}

}  // namespace mynasim::card::commands
