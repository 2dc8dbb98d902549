// Names of the status words, for APDU traces and error messages.
#include "iso7816/status_words.hpp"

namespace mynasim::iso7816::sw {

const char* name(std::uint16_t word) {
  // 63Cx before the table: the counter value lives in the low nibble, so it is a family, not a
  // word.
  if (is_tries_left(word)) return "TRIES LEFT";
  switch (word) {
    case kSuccess:
      return "SUCCESS";
    case kVerificationFailedNoRetry:
      return "VERIFICATION FAILED";
    case kMemoryFailure:
      return "MEMORY FAILURE";
    case kWrongLength:
      return "WRONG LENGTH";
    case kLogicalChannelNotSupported:
      return "LOGICAL CHANNEL NOT SUPPORTED";
    case kChainingNotSupported:
      return "COMMAND CHAINING NOT SUPPORTED";
    case kSecureMessagingNotSupported:
      return "SECURE MESSAGING NOT SUPPORTED";
    case kCommandIncompatibleWithFile:
      return "COMMAND INCOMPATIBLE WITH FILE STRUCTURE";
    case kSecurityStatusNotSatisfied:
      return "SECURITY STATUS NOT SATISFIED";
    case kAuthenticationMethodBlocked:
      return "AUTHENTICATION METHOD BLOCKED";
    case kReferenceDataNotUsable:
      return "REFERENCE DATA NOT USABLE";
    case kConditionsNotSatisfied:
      return "CONDITIONS OF USE NOT SATISFIED";
    case kCommandNotAllowedNoEf:
      return "COMMAND NOT ALLOWED (NO CURRENT EF)";
    case kSmDataObjectsMissing:
      return "SM DATA OBJECTS MISSING";
    case kSmDataObjectsIncorrect:
      return "INCORRECT SM DATA OBJECTS";
    case kSecureMessagingUnsupportedJicsap:
      return "SECURE MESSAGING NOT SUPPORTED (JICSAP)";
    case kWrongData:
      return "WRONG DATA";
    case kFunctionNotSupported:
      return "FUNCTION NOT SUPPORTED";
    case kFileNotFound:
      return "FILE NOT FOUND";
    case kRecordNotFound:
      return "RECORD NOT FOUND";
    case kIncorrectP1P2:
      return "INCORRECT P1 P2";
    case kReferencedDataNotFound:
      return "REFERENCED DATA NOT FOUND";
    case kWrongP1P2:
      return "WRONG P1 P2";
    case kInsNotSupported:
      return "INS NOT SUPPORTED";
    case kClaNotSupported:
      return "CLA NOT SUPPORTED";
    case kUnknownError:
      return "UNKNOWN ERROR";
    default:
      return nullptr;
  }
}

}  // namespace mynasim::iso7816::sw
