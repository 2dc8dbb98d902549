// Revocation reasons: the RFC 5280 CRLReason codes that go into CRLs and OCSP responses, and the
// JPKI events an operator names (a municipal office revokes for a lost card, a change of name
// or address, a death, a renewal ...). The mapping is the simulator's choice, written here:
//
//   operator name          JPKI event                                  CRLReason            certs
//   unspecified            利用者からの失効申請 (holder's request)          unspecified (0) both
//   lost                   カードの紛失・盗難 (card lost or stolen)         keyCompromise (1) both
//   key-compromise         鍵の危殆化                                    keyCompromise (1)    both
//   ca-compromise                                                       cACompromise (2)     both
//   name-changed           氏名の変更 (change of name)                    affiliationChanged   sign
//   address-changed        住所の変更 (change of address)                 affiliationChanged   sign
//   basic-info-changed     生年月日・性別の変更                            affiliationChanged sign
//   affiliation-changed    (the RFC name)                               affiliationChanged   sign
//   superseded / renewed   更新 (a new certificate replaced it)          superseded (4)       both
//   deceased               死亡                                          cessationOfOp. (5)   both
//   card-returned          カードの返納・住民票の消除                        cessationOfOp. (5)
//   both cessation-of-operation (the RFC name)                               cessationOfOp. (5)
//   both privilege-withdrawn                                                 privilegeWithdrawn(9)
//   both aa-compromise                                                       aACompromise (10) both
//
// A change of the 基本4情報 revokes only the signature certificate: the user-authentication
// certificate carries no personal data, so it stays valid (as on the real service).
// certificateHold (6, 一時停止) is not a name here: it is `revoke --hold`, undone by
// `revoke --release` (the entry leaves the next CRL; OCSP answers good again).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mynasim::pki {

enum class CrlReason : int {
  kUnspecified = 0,
  kKeyCompromise = 1,
  kCaCompromise = 2,
  kAffiliationChanged = 3,
  kSuperseded = 4,
  kCessationOfOperation = 5,
  kCertificateHold = 6,
  kRemoveFromCrl = 8,
  kPrivilegeWithdrawn = 9,
  kAaCompromise = 10,
};

struct RevocationReason {
  std::string_view name;
  CrlReason code;
  bool signature_only;  // a change of holder data
};

// nullopt for an unknown name.
std::optional<RevocationReason> parse_revocation_reason(std::string_view name);
// Every accepted name, comma-separated (for --help and error messages).
std::string revocation_reason_names();
// RFC 5280's name for a code: "keyCompromise", ... ; "unknown(<n>)" otherwise.
std::string crl_reason_name(int code);

}  // namespace mynasim::pki
