// Which failures a caller may retry (libelectronic-id's Error) and which are fatal (its
// FatalError): by the card's status word, by the PC/SC failure, and for any other exception.
#include <catch2/catch.hpp>
#include <new>
#include <stdexcept>

#include "reader/client/card_error.hpp"
#include "reader/client/card_info_fields.hpp"
#include "reader/pcsc/pcsc_error.hpp"

using namespace mynasim;
using client::ErrorCategory;
using pcsc::PcscErrorKind;

TEST_CASE("card error: a wrong PIN with tries left and a missing PIN are retryable", "[client]") {
  for (std::uint16_t sw : {0x63C1, 0x63C2, 0x63C9, 0x63CF, 0x6982}) {
    INFO(std::hex << sw);
    CHECK(client::category_of_word(sw) == ErrorCategory::kRetryable);
    CHECK(client::CardError(sw, "x").category() == ErrorCategory::kRetryable);
  }
}

TEST_CASE("card error: blocked, not supported, wrong command and unknown words are fatal",
          "[client]") {
  for (std::uint16_t sw : {0x63C0, 0x6983, 0x6984, 0x6A82, 0x6A81, 0x6D00, 0x6E00, 0x6700, 0x6B00,
                           0x6A86, 0x6F00, 0x6300, 0x9000, 0x6C10}) {
    INFO(std::hex << sw);
    CHECK(client::category_of_word(sw) == ErrorCategory::kFatal);
  }
}

TEST_CASE("card error: PC/SC failures the user can fix are retryable, the rest fatal", "[client]") {
  auto category = [](PcscErrorKind kind) { return pcsc::PcscError(kind, 0, "x").category(); };
  CHECK(category(PcscErrorKind::kNoService) == ErrorCategory::kRetryable);
  CHECK(category(PcscErrorKind::kNoReader) == ErrorCategory::kRetryable);
  CHECK(category(PcscErrorKind::kNoCard) == ErrorCategory::kRetryable);
  CHECK(category(PcscErrorKind::kCardRemoved) == ErrorCategory::kRetryable);
  CHECK(category(PcscErrorKind::kTransactionFailed) == ErrorCategory::kRetryable);
  CHECK(category(PcscErrorKind::kTimeout) == ErrorCategory::kRetryable);
  CHECK(category(PcscErrorKind::kUnknownReader) == ErrorCategory::kFatal);
  CHECK(category(PcscErrorKind::kBadResponse) == ErrorCategory::kFatal);
  CHECK(category(PcscErrorKind::kOther) == ErrorCategory::kFatal);
  CHECK(std::string(pcsc::name_of(ErrorCategory::kRetryable)) == "retryable");
  CHECK(std::string(pcsc::name_of(ErrorCategory::kFatal)) == "fatal");
}

TEST_CASE("card error: category_of sorts any exception a client call throws", "[client]") {
  CHECK(client::category_of(client::CardError(0x63C2, "verify")) == ErrorCategory::kRetryable);
  CHECK(client::category_of(client::CardError(0x6984, "verify")) == ErrorCategory::kFatal);
  CHECK(client::category_of(pcsc::PcscError(PcscErrorKind::kCardRemoved, 0x80100069L, "x")) ==
        ErrorCategory::kRetryable);
  CHECK(client::category_of(pcsc::PcscError(PcscErrorKind::kBadResponse, 0, "x")) ==
        ErrorCategory::kFatal);
  // A malformed record, or anything the client does not know, is not worth a retry.
  CHECK(client::category_of(client::RecordError("EF 0002: no BER object")) ==
        ErrorCategory::kFatal);
  CHECK(client::category_of(std::bad_alloc()) == ErrorCategory::kFatal);
  CHECK(client::category_of(std::runtime_error("x")) == ErrorCategory::kFatal);
}
