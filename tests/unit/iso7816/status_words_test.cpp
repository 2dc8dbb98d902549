// Status word names and the 63Cx retry-counter family.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "iso7816/status_words.hpp"

using namespace mynasim::iso7816;

namespace {

std::string name_of(std::uint16_t word) {
  const char* text = sw::name(word);
  return text == nullptr ? "(null)" : text;
}

}  // namespace

TEST_CASE("every status word constant has its name", "[sw]") {
  CHECK(name_of(sw::kSuccess) == "SUCCESS");
  CHECK(name_of(sw::kVerificationFailedNoRetry) == "VERIFICATION FAILED");
  CHECK(name_of(sw::kMemoryFailure) == "MEMORY FAILURE");
  CHECK(name_of(sw::kWrongLength) == "WRONG LENGTH");
  CHECK(name_of(sw::kLogicalChannelNotSupported) == "LOGICAL CHANNEL NOT SUPPORTED");
  CHECK(name_of(sw::kSecureMessagingNotSupported) == "SECURE MESSAGING NOT SUPPORTED");
  CHECK(name_of(sw::kCommandIncompatibleWithFile) == "COMMAND INCOMPATIBLE WITH FILE STRUCTURE");
  CHECK(name_of(sw::kSecurityStatusNotSatisfied) == "SECURITY STATUS NOT SATISFIED");
  CHECK(name_of(sw::kAuthenticationMethodBlocked) == "AUTHENTICATION METHOD BLOCKED");
  CHECK(name_of(sw::kReferenceDataNotUsable) == "REFERENCE DATA NOT USABLE");
  CHECK(name_of(sw::kConditionsNotSatisfied) == "CONDITIONS OF USE NOT SATISFIED");
  CHECK(name_of(sw::kCommandNotAllowedNoEf) == "COMMAND NOT ALLOWED (NO CURRENT EF)");
  CHECK(name_of(sw::kSmDataObjectsIncorrect) == "INCORRECT SM DATA OBJECTS");
  CHECK(name_of(sw::kSecureMessagingUnsupportedJicsap) ==
        "SECURE MESSAGING NOT SUPPORTED (JICSAP)");
  CHECK(name_of(sw::kWrongData) == "WRONG DATA");
  CHECK(name_of(sw::kFunctionNotSupported) == "FUNCTION NOT SUPPORTED");
  CHECK(name_of(sw::kFileNotFound) == "FILE NOT FOUND");
  CHECK(name_of(sw::kRecordNotFound) == "RECORD NOT FOUND");
  CHECK(name_of(sw::kIncorrectP1P2) == "INCORRECT P1 P2");
  CHECK(name_of(sw::kReferencedDataNotFound) == "REFERENCED DATA NOT FOUND");
  CHECK(name_of(sw::kWrongP1P2) == "WRONG P1 P2");
  CHECK(name_of(sw::kInsNotSupported) == "INS NOT SUPPORTED");
  CHECK(name_of(sw::kClaNotSupported) == "CLA NOT SUPPORTED");
  CHECK(name_of(sw::kUnknownError) == "UNKNOWN ERROR");
}

TEST_CASE("status word names are distinct", "[sw]") {
  const std::uint16_t words[] = {
      sw::kSuccess,
      sw::kVerificationFailedNoRetry,
      sw::kCounterBase,
      sw::kMemoryFailure,
      sw::kWrongLength,
      sw::kLogicalChannelNotSupported,
      sw::kSecureMessagingNotSupported,
      sw::kCommandIncompatibleWithFile,
      sw::kSecurityStatusNotSatisfied,
      sw::kAuthenticationMethodBlocked,
      sw::kReferenceDataNotUsable,
      sw::kConditionsNotSatisfied,
      sw::kCommandNotAllowedNoEf,
      sw::kSmDataObjectsIncorrect,
      sw::kSecureMessagingUnsupportedJicsap,
      sw::kWrongData,
      sw::kFunctionNotSupported,
      sw::kFileNotFound,
      sw::kRecordNotFound,
      sw::kIncorrectP1P2,
      sw::kReferencedDataNotFound,
      sw::kWrongP1P2,
      sw::kInsNotSupported,
      sw::kClaNotSupported,
      sw::kUnknownError,
  };
  std::set<std::string> names;
  for (const std::uint16_t word : words) {
    INFO(std::hex << word);
    REQUIRE(sw::name(word) != nullptr);
    CHECK(names.insert(sw::name(word)).second);
  }
}

TEST_CASE("63C0 to 63CF are all TRIES LEFT", "[sw]") {
  for (std::uint16_t word = 0x63C0; word <= 0x63CF; ++word) {
    INFO(std::hex << word);
    CHECK(sw::is_tries_left(word));
    CHECK(name_of(word) == "TRIES LEFT");
  }
  CHECK_FALSE(sw::is_tries_left(0x63B0));
  CHECK_FALSE(sw::is_tries_left(0x63D0));
  CHECK_FALSE(sw::is_tries_left(0x6300));
}

TEST_CASE("tries_left codes the count in the low nibble", "[sw]") {
  CHECK(sw::tries_left(0) == 0x63C0);
  CHECK(sw::tries_left(3) == 0x63C3);
  CHECK(sw::tries_left(15) == 0x63CF);
  CHECK(sw::tries_left(0x13) == 0x63C3);  // more than a nibble cannot be coded
}

TEST_CASE("unknown status words have no name", "[sw]") {
  CHECK(sw::name(0x0000) == nullptr);
  CHECK(sw::name(0x63D0) == nullptr);
  CHECK(sw::name(0x6A84) == nullptr);
  CHECK(sw::name(0x9001) == nullptr);
  CHECK(sw::name(0xFFFF) == nullptr);
}
