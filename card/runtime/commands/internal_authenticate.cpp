// INTERNAL AUTHENTICATE (00 88 00 P2 Lc challenge Le): the 共通 AP's key 0019 signs the challenge
// with no credential, as sha256WithRSAEncryption (PKCS#1 v1.5 over DigestInfo(SHA-256(challenge)),
// deterministic), 256 bytes (myna-card card.rs: P2 = 80+SFI, so 00 88 00 99 for 0019).
// Every other key refuses (myna-card): 6985 for the text AP's own key, which signs through
// 80 2A 00 00 instead; 6982 for the JPKI keys behind a PIN (verified or not: it is not their
// command — CHOSEN). Not a key: 6A88. Challenge of 0 or more than 255 bytes, or no Le: 6700.
#include "card/crypto/digest.hpp"
#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {

using namespace iso7816::sw;

ResponseApdu internal_authenticate(CardState& card, const CommandApdu& command) {
  if (command.p1 != 0x00) return status(kIncorrectP1P2);
  if (command.data.empty() || command.data.size() > 255 || !command.has_le)
    return status(kWrongLength);
  const EfLookup found = ef_from_key_reference(card, command.p2);
  if (!found.ef) return status(found.sw);
  const EfSpec& ef = *found.ef;
  if (ef.type != EfType::kPrivateKey) return status(kReferencedDataNotFound);
  const DfSpec* df = card.current_df;
  if (!df || df->internal_auth_key != ef.fid) {
    if (df && df->ap_signing_key == ef.fid) return status(kConditionsNotSatisfied);
    return status(card.profile.choices.unverified_access_sw);
  }
  Bytes digest_info(crypto::sha256_digest_info_prefix().begin(),
                    crypto::sha256_digest_info_prefix().end());
  append(digest_info, crypto::sha256(command.data));
  return sign_with(card, card.id_of(ObjectKind::kPrivateKey, ef), digest_info);
}

}  // namespace mynasim::card::commands
