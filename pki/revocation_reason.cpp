#include "pki/revocation_reason.hpp"

#include <array>

namespace mynasim::pki {
namespace {

constexpr std::array<RevocationReason, 15> kReasons = {{
    {"unspecified", CrlReason::kUnspecified, false},
    {"lost", CrlReason::kKeyCompromise, false},
    {"key-compromise", CrlReason::kKeyCompromise, false},
    {"ca-compromise", CrlReason::kCaCompromise, false},
    {"name-changed", CrlReason::kAffiliationChanged, true},
    {"address-changed", CrlReason::kAffiliationChanged, true},
    {"basic-info-changed", CrlReason::kAffiliationChanged, true},
    {"affiliation-changed", CrlReason::kAffiliationChanged, true},
    {"superseded", CrlReason::kSuperseded, false},
    {"renewed", CrlReason::kSuperseded, false},
    {"deceased", CrlReason::kCessationOfOperation, false},
    {"card-returned", CrlReason::kCessationOfOperation, false},
    {"cessation-of-operation", CrlReason::kCessationOfOperation, false},
    {"privilege-withdrawn", CrlReason::kPrivilegeWithdrawn, false},
    {"aa-compromise", CrlReason::kAaCompromise, false},
}};

}  // namespace

std::optional<RevocationReason> parse_revocation_reason(std::string_view name) {
  for (const auto& reason : kReasons)
    if (reason.name == name) return reason;
  return std::nullopt;
}

std::string revocation_reason_names() {
  std::string out;
  for (const auto& reason : kReasons) {
    if (!out.empty()) out += ", ";
    out += reason.name;
  }
  return out;
}

std::string crl_reason_name(int code) {
  switch (code) {
    case 0:
      return "unspecified";
    case 1:
      return "keyCompromise";
    case 2:
      return "cACompromise";
    case 3:
      return "affiliationChanged";
    case 4:
      return "superseded";
    case 5:
      return "cessationOfOperation";
    case 6:
      return "certificateHold";
    case 8:
      return "removeFromCRL";
    case 9:
      return "privilegeWithdrawn";
    case 10:
      return "aACompromise";
    default:
      return "unknown(" + std::to_string(code) + ")";
  }
}

}  // namespace mynasim::pki
