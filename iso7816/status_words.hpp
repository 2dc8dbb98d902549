// ISO/IEC 7816-4 status words, with the names used in traces.
#pragma once

#include <cstdint>

namespace mynasim::iso7816::sw {

inline constexpr std::uint16_t kSuccess = 0x9000;
inline constexpr std::uint16_t kVerificationFailedNoRetry = 0x6300;  // key with unlimited retries
inline constexpr std::uint16_t kCounterBase = 0x63C0;                // 63Cx: x tries left
inline constexpr std::uint16_t kMemoryFailure = 0x6581;
inline constexpr std::uint16_t kWrongLength = 0x6700;
inline constexpr std::uint16_t kLogicalChannelNotSupported = 0x6881;
inline constexpr std::uint16_t kChainingNotSupported = 0x6884;
inline constexpr std::uint16_t kSecureMessagingNotSupported = 0x6882;
inline constexpr std::uint16_t kCommandIncompatibleWithFile = 0x6981;
inline constexpr std::uint16_t kSecurityStatusNotSatisfied = 0x6982;
inline constexpr std::uint16_t kAuthenticationMethodBlocked = 0x6983;
inline constexpr std::uint16_t kReferenceDataNotUsable = 0x6984;
inline constexpr std::uint16_t kConditionsNotSatisfied = 0x6985;
inline constexpr std::uint16_t kCommandNotAllowedNoEf = 0x6986;
inline constexpr std::uint16_t kSmDataObjectsMissing = 0x6987;
inline constexpr std::uint16_t kSmDataObjectsIncorrect = 0x6988;
// The card's answer to a secure-messaging CLA on READ BINARY and VERIFY.
inline constexpr std::uint16_t kSecureMessagingUnsupportedJicsap = 0x69FC;
inline constexpr std::uint16_t kWrongData = 0x6A80;
inline constexpr std::uint16_t kFunctionNotSupported = 0x6A81;
inline constexpr std::uint16_t kFileNotFound = 0x6A82;
inline constexpr std::uint16_t kRecordNotFound = 0x6A83;
inline constexpr std::uint16_t kIncorrectP1P2 = 0x6A86;
inline constexpr std::uint16_t kReferencedDataNotFound = 0x6A88;
inline constexpr std::uint16_t kWrongP1P2 = 0x6B00;  // also: offset beyond the end of the EF
inline constexpr std::uint16_t kInsNotSupported = 0x6D00;
inline constexpr std::uint16_t kClaNotSupported = 0x6E00;
inline constexpr std::uint16_t kUnknownError = 0x6F00;

constexpr std::uint16_t tries_left(std::uint8_t n) {
  return static_cast<std::uint16_t>(kCounterBase | (n & 0x0F));
}
constexpr bool is_tries_left(std::uint16_t word) {
  return (word & 0xFFF0) == kCounterBase;
}

// A short English name for traces ("SECURITY STATUS NOT SATISFIED"); nullptr if unknown.
const char* name(std::uint16_t word);

}  // namespace mynasim::iso7816::sw
