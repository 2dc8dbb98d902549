// The municipal office's administrative commands. Each answers 6982 and changes nothing unless
// the issuer has authenticated in this session (cleared by power on/off, reset and SELECT of a
// DF); ordinary clients never send them and see no difference.
//
// EXTERNAL AUTHENTICATE  00 82 00 00 Lc signature (256), no Le
//   Proves the issuer: the signature (office_key.hpp says over what) must verify with the office
//   public key written at issuance, against the last GET CHALLENGE of this session, which any
//   attempt uses up. The office key has a retry counter of its own (kMaxTries), spent durably
//   BEFORE the check and restored by a good signature, as for a PIN: a wrong signature answers
//   63Cx, the one that blocks 63C0, and from then on the profile's blocked word (6984).
//   No office key on the card: 6A88. No challenge (or one shorter than 8 bytes): 6985.
//   Lc other than the key's size: 6700. P1/P2 other than 00 00: 6A86. Any attempt ends an
//   earlier authentication and drops a half-written certificate.
// RESET RETRY COUNTER    00 2C 02 P2 Lc new-value   sets a new value, counter back to full
//                        00 2C 03 P2                counter back to full, value kept
//   (ISO 7816-4 P1 02/03: no resetting code, the issuer authentication stands in for it; P1 00 and
//   01, which carry a resetting code, answer 6A86.) P2 addresses the key as VERIFY does (80 or
//   80+SFI). A new value outside the key's format answers the profile's bad_new_pin_sw (6A80).
// UPDATE BINARY          00 D6 P1 P2 Lc data        writes a certificate EF the profile gives the
//   office (CardProfile::office; on the My Number card JPKI's 0001, 0002, 000A, 000B), P1/P2 as
//   READ BINARY (15-bit offset in the current EF, or SFI form with an 8-bit offset). The parts are
//   gathered in RAM, in order: offset 0 starts over, any other offset must be where the last part
//   ended (6B00 otherwise). When the parts form one whole DER SEQUENCE, the card checks it and
//   writes it, with the presence EF (JPKI 0008: which certificates are present), in one durable
//   image record: a power cut leaves the old certificate or the new one. An end-entity certificate
//   must carry the modulus of its own key (0001: key 001A, 000A: key 0017); otherwise, or if the
//   bytes are not one DER SEQUENCE, 6A80 and nothing is written. Another EF: 6981. More than 8 KiB:
//   6A84.
#include <algorithm>

#include "card/crypto/digest.hpp"
#include "card/runtime/commands/commands.hpp"
#include "card/runtime/office_key.hpp"
#include "card/runtime/pin.hpp"

namespace mynasim::card::commands {
namespace {

using namespace iso7816::sw;
constexpr std::uint16_t kNotEnoughMemory = 0x6A84;
constexpr std::size_t kMaxCertificate = 8192;

std::uint8_t office_tries_left(const CardState& card) {
  const Bytes* counter = card.store.get(office::kCounterId);
  return (counter && counter->size() == 1) ? (*counter)[0] : 0;
}

// The DigestInfo the office must have signed for this challenge on this card.
Bytes expected_digest_info(const CardState& card, ByteView challenge) {
  Bytes message(challenge.begin(), challenge.end());
  const OfficeSpec& office = card.profile.office;
  const Bytes* token =
      office.df_id != 0
          ? card.store.get(object_id(ObjectKind::kEfContent, office.df_id, office.serial_ef))
          : nullptr;
  if (token && token->size() >= office::kSerialOffset + office::kSerialSize)
    append(message, ByteView(*token).subspan(office::kSerialOffset, office::kSerialSize));
  Bytes digest_info(crypto::sha256_digest_info_prefix().begin(),
                    crypto::sha256_digest_info_prefix().end());
  append(digest_info, crypto::sha256(message));
  return digest_info;
}

// Total size of the DER TLV at the start of `der` (tag 30), 0 while the header is incomplete,
// SIZE_MAX when it is not a SEQUENCE with a definite length.
std::size_t der_total_size(ByteView der) {
  if (der.empty()) return 0;
  if (der[0] != 0x30) return SIZE_MAX;
  if (der.size() < 2) return 0;
  const std::uint8_t first = der[1];
  if (first < 0x80) return 2 + first;
  const std::size_t count = first & 0x7F;
  if (count == 0 || count > 2) return SIZE_MAX;  // indefinite, or larger than we accept anyway
  if (der.size() < 2 + count) return 0;
  std::size_t length = 0;
  for (std::size_t i = 0; i < count; ++i) length = (length << 8) | der[2 + i];
  return 2 + count + length;
}

// The profile's entry for an EF the office may write, null for any other (or another DF's).
const OfficeCertificate* writable_certificate(const CardState& card, const EfSpec& ef) {
  const OfficeSpec& office = card.profile.office;
  if (office.df_id == 0 || card.current_df_id() != office.df_id || ef.type != EfType::kTransparent)
    return nullptr;
  return office.find_certificate(ef.fid);
}

bool carries_key(const CardState& card, std::uint16_t key_fid, ByteView certificate) {
  const auto key =
      card.keys.find(object_id(ObjectKind::kPrivateKey, card.profile.office.df_id, key_fid));
  if (key == card.keys.end()) return false;
  const Bytes modulus = key->second.public_key().modulus;
  return std::search(certificate.begin(), certificate.end(), modulus.begin(), modulus.end()) !=
         certificate.end();
}

// The whole certificate is staged: check it and write it with the presence EF in one durable
// record.
std::uint16_t commit_certificate(CardState& card, const OfficeCertificate& target,
                                 ByteView certificate) {
  if (target.key != 0 && !carries_key(card, target.key, certificate)) return kWrongData;
  const OfficeSpec& office = card.profile.office;
  Bytes presence;
  for (const std::uint16_t fid : office.presence_of) {
    const bool present =
        fid == target.fid || card.store.get(object_id(ObjectKind::kEfContent, office.df_id, fid));
    presence.push_back(present ? 0x8F : 0x00);
  }
  presence.push_back(0x00);
  store::ObjectStore::Batch batch;
  batch.set(object_id(ObjectKind::kEfContent, office.df_id, target.fid), certificate);
  batch.set(object_id(ObjectKind::kEfContent, office.df_id, office.presence_ef), presence);
  if (!card.store.commit(batch, store::Durability::kDurable).ok()) return kMemoryFailure;
  return kSuccess;
}

}  // namespace

ResponseApdu external_authenticate(CardState& card, const CommandApdu& command) {
  if (command.p1 != 0x00 || command.p2 != 0x00) return status(kIncorrectP1P2);
  if (command.has_le) return status(kWrongLength);
  const Bytes* stored = card.store.get(office::kKeyId);
  const auto key = stored ? office::decode_public_key(*stored) : std::nullopt;
  if (!key) return status(kReferencedDataNotFound);
  if (command.data.size() != key->modulus.size()) return status(kWrongLength);
  const std::uint8_t left = office_tries_left(card);
  if (left == 0) return status(card.profile.choices.blocked_sw);
  // The challenge is used up by this attempt, whatever its outcome.
  const Bytes challenge = std::move(card.security.issuer.challenge);
  card.security.issuer = {};
  if (challenge.size() < office::kMinChallenge) return status(kConditionsNotSatisfied);

  const std::uint8_t after = static_cast<std::uint8_t>(left - 1);
  if (!card.store.set(office::kCounterId, ByteView(&after, 1), store::Durability::kDurable).ok())
    return status(kMemoryFailure);
  const auto recovered = crypto::recover_pkcs1_v15(*key, command.data);
  if (!recovered || *recovered != expected_digest_info(card, challenge))
    return status(iso7816::sw::tries_left(after));
  // Losing this write only loses a try (the safe direction): it need not wait for the disk.
  if (!card.store.set(office::kCounterId, ByteView(&office::kMaxTries, 1), store::Durability::kLazy)
           .ok())
    return status(kMemoryFailure);
  card.security.issuer.authenticated = true;
  return status(kSuccess);
}

ResponseApdu reset_retry_counter(CardState& card, const CommandApdu& command) {
  if (command.p1 != 0x02 && command.p1 != 0x03) return status(kIncorrectP1P2);
  if (command.has_le || command.data.empty() != (command.p1 == 0x03)) return status(kWrongLength);
  const EfLookup found = ef_from_key_reference(card, command.p2);
  if (!found.ef) return status(found.sw);
  const EfSpec& key = *found.ef;
  if (key.type != EfType::kPin) return status(kReferencedDataNotFound);
  if (!card.security.issuer.authenticated) return status(kSecurityStatusNotSatisfied);
  if (command.p1 == 0x02 && !pin::well_formed(key.pin, command.data))
    return status(card.profile.choices.bad_new_pin_sw);

  store::ObjectStore::Batch batch;
  if (command.p1 == 0x02) {
    Bytes sealed = pin::seal_value(command.data, card.env.random);
    batch.set(card.id_of(ObjectKind::kPinValue, key), sealed);
  }
  const std::uint8_t full = key.pin.max_tries;
  batch.set(card.id_of(ObjectKind::kPinCounter, key), ByteView(&full, 1));
  if (!card.store.commit(batch, store::Durability::kDurable).ok()) return status(kMemoryFailure);
  card.security.clear_verified(key.fid);
  return status(kSuccess);
}

ResponseApdu update_binary(CardState& card, const CommandApdu& command) {
  if (command.has_le || command.data.empty()) return status(kWrongLength);
  const auto [ef, offset, target_sw] = binary_target(card, command);
  if (!ef) return status(target_sw);
  if (!card.security.issuer.authenticated) return status(kSecurityStatusNotSatisfied);
  const OfficeCertificate* target = writable_certificate(card, *ef);
  if (!target) return status(kCommandIncompatibleWithFile);

  IssuerSession& session = card.security.issuer;
  if (offset == 0) {
    session.staged_fid = ef->fid;
    session.staged.clear();
  } else if (session.staged_fid != ef->fid || offset != session.staged.size()) {
    return status(kWrongP1P2);
  }
  if (session.staged.size() + command.data.size() > kMaxCertificate) {
    session.staged_fid = 0;
    session.staged.clear();
    return status(kNotEnoughMemory);
  }
  append(session.staged, command.data);
  const std::size_t total = der_total_size(session.staged);
  if (total == 0 || (total != SIZE_MAX && total > session.staged.size()))
    return status(kSuccess);  // more parts to come
  Bytes certificate = std::move(session.staged);
  session.staged_fid = 0;
  session.staged.clear();
  if (total != certificate.size()) return status(kWrongData);
  return status(commit_certificate(card, *target, certificate));
}

}  // namespace mynasim::card::commands
