#include "reader/pcsc/pcsc_error.hpp"

#include <PCSC/pcsclite.h>
#include <PCSC/winscard.h>

#include <cstdio>

namespace mynasim::pcsc {

[[noreturn]] void throw_pcsc_error(long code, const std::string& what) {
  PcscErrorKind kind = PcscErrorKind::kOther;
  const LONG rv = static_cast<LONG>(code);
  if (rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED)
    kind = PcscErrorKind::kNoService;
  else if (rv == SCARD_E_NO_READERS_AVAILABLE)
    kind = PcscErrorKind::kNoReader;
  else if (rv == SCARD_E_UNKNOWN_READER || rv == SCARD_E_READER_UNAVAILABLE)
    kind = PcscErrorKind::kUnknownReader;
  else if (rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_UNRESPONSIVE_CARD ||
           rv == SCARD_W_UNPOWERED_CARD)
    kind = PcscErrorKind::kNoCard;
  else if (rv == SCARD_W_REMOVED_CARD || rv == SCARD_W_RESET_CARD)
    kind = PcscErrorKind::kCardRemoved;
  else if (rv == SCARD_E_TIMEOUT)
    kind = PcscErrorKind::kTimeout;
  else if (rv == SCARD_E_SHARING_VIOLATION || rv == SCARD_F_COMM_ERROR ||
           rv == SCARD_E_NOT_TRANSACTED || rv == SCARD_E_PROTO_MISMATCH)
    kind = PcscErrorKind::kTransactionFailed;
  std::string message = what + ": ";
  switch (kind) {
    case PcscErrorKind::kNoService:
      message += "the PC/SC service (pcscd) is not running";
      break;
    case PcscErrorKind::kNoReader:
      message += "no smart-card reader is connected";
      break;
    case PcscErrorKind::kUnknownReader:
      message += "no such reader";
      break;
    case PcscErrorKind::kNoCard:
      message += "no card in the reader";
      break;
    case PcscErrorKind::kCardRemoved:
      message += "the card was removed (or reset by another program)";
      break;
    default:
      message += pcsc_stringify_error(rv);
      break;
  }
  throw PcscError(kind, code, message);
}

const char* name_of(ErrorCategory category) {
  return category == ErrorCategory::kRetryable ? "retryable" : "fatal";
}

ErrorCategory PcscError::category() const {
  switch (kind_) {
    case PcscErrorKind::kNoService:
    case PcscErrorKind::kNoReader:
    case PcscErrorKind::kNoCard:
    case PcscErrorKind::kCardRemoved:
    case PcscErrorKind::kTransactionFailed:
    case PcscErrorKind::kTimeout:
      return ErrorCategory::kRetryable;
    case PcscErrorKind::kUnknownReader:
    case PcscErrorKind::kBadResponse:
    case PcscErrorKind::kOther:
      return ErrorCategory::kFatal;
  }
  return ErrorCategory::kFatal;
}

std::string error_name(long code) {
  struct Name {
    LONG code;
    const char* name;
  };
#define MYNASIM_SCARD_NAME(x) \
  { x, #x }
  // Every code pcsclite.h defines, except SCARD_E_UNSUPPORTED_FEATURE (SCARD_E_UNEXPECTED's
  // value).
  static constexpr Name kNames[] = {
      MYNASIM_SCARD_NAME(SCARD_S_SUCCESS),
      MYNASIM_SCARD_NAME(SCARD_F_INTERNAL_ERROR),
      MYNASIM_SCARD_NAME(SCARD_E_CANCELLED),
      MYNASIM_SCARD_NAME(SCARD_E_INVALID_HANDLE),
      MYNASIM_SCARD_NAME(SCARD_E_INVALID_PARAMETER),
      MYNASIM_SCARD_NAME(SCARD_E_INVALID_TARGET),
      MYNASIM_SCARD_NAME(SCARD_E_NO_MEMORY),
      MYNASIM_SCARD_NAME(SCARD_F_WAITED_TOO_LONG),
      MYNASIM_SCARD_NAME(SCARD_E_INSUFFICIENT_BUFFER),
      MYNASIM_SCARD_NAME(SCARD_E_UNKNOWN_READER),
      MYNASIM_SCARD_NAME(SCARD_E_TIMEOUT),
      MYNASIM_SCARD_NAME(SCARD_E_SHARING_VIOLATION),
      MYNASIM_SCARD_NAME(SCARD_E_NO_SMARTCARD),
      MYNASIM_SCARD_NAME(SCARD_E_UNKNOWN_CARD),
      MYNASIM_SCARD_NAME(SCARD_E_CANT_DISPOSE),
      MYNASIM_SCARD_NAME(SCARD_E_PROTO_MISMATCH),
      MYNASIM_SCARD_NAME(SCARD_E_NOT_READY),
      MYNASIM_SCARD_NAME(SCARD_E_INVALID_VALUE),
      MYNASIM_SCARD_NAME(SCARD_E_SYSTEM_CANCELLED),
      MYNASIM_SCARD_NAME(SCARD_F_COMM_ERROR),
      MYNASIM_SCARD_NAME(SCARD_F_UNKNOWN_ERROR),
      MYNASIM_SCARD_NAME(SCARD_E_INVALID_ATR),
      MYNASIM_SCARD_NAME(SCARD_E_NOT_TRANSACTED),
      MYNASIM_SCARD_NAME(SCARD_E_READER_UNAVAILABLE),
      MYNASIM_SCARD_NAME(SCARD_P_SHUTDOWN),
      MYNASIM_SCARD_NAME(SCARD_E_PCI_TOO_SMALL),
      MYNASIM_SCARD_NAME(SCARD_E_READER_UNSUPPORTED),
      MYNASIM_SCARD_NAME(SCARD_E_DUPLICATE_READER),
      MYNASIM_SCARD_NAME(SCARD_E_CARD_UNSUPPORTED),
      MYNASIM_SCARD_NAME(SCARD_E_NO_SERVICE),
      MYNASIM_SCARD_NAME(SCARD_E_SERVICE_STOPPED),
      MYNASIM_SCARD_NAME(SCARD_E_UNEXPECTED),
      MYNASIM_SCARD_NAME(SCARD_E_ICC_INSTALLATION),
      MYNASIM_SCARD_NAME(SCARD_E_ICC_CREATEORDER),
      MYNASIM_SCARD_NAME(SCARD_E_DIR_NOT_FOUND),
      MYNASIM_SCARD_NAME(SCARD_E_FILE_NOT_FOUND),
      MYNASIM_SCARD_NAME(SCARD_E_NO_DIR),
      MYNASIM_SCARD_NAME(SCARD_E_NO_FILE),
      MYNASIM_SCARD_NAME(SCARD_E_NO_ACCESS),
      MYNASIM_SCARD_NAME(SCARD_E_WRITE_TOO_MANY),
      MYNASIM_SCARD_NAME(SCARD_E_BAD_SEEK),
      MYNASIM_SCARD_NAME(SCARD_E_INVALID_CHV),
      MYNASIM_SCARD_NAME(SCARD_E_UNKNOWN_RES_MNG),
      MYNASIM_SCARD_NAME(SCARD_E_NO_SUCH_CERTIFICATE),
      MYNASIM_SCARD_NAME(SCARD_E_CERTIFICATE_UNAVAILABLE),
      MYNASIM_SCARD_NAME(SCARD_E_NO_READERS_AVAILABLE),
      MYNASIM_SCARD_NAME(SCARD_E_COMM_DATA_LOST),
      MYNASIM_SCARD_NAME(SCARD_E_NO_KEY_CONTAINER),
      MYNASIM_SCARD_NAME(SCARD_E_SERVER_TOO_BUSY),
      MYNASIM_SCARD_NAME(SCARD_W_UNSUPPORTED_CARD),
      MYNASIM_SCARD_NAME(SCARD_W_UNRESPONSIVE_CARD),
      MYNASIM_SCARD_NAME(SCARD_W_UNPOWERED_CARD),
      MYNASIM_SCARD_NAME(SCARD_W_RESET_CARD),
      MYNASIM_SCARD_NAME(SCARD_W_REMOVED_CARD),
      MYNASIM_SCARD_NAME(SCARD_W_SECURITY_VIOLATION),
      MYNASIM_SCARD_NAME(SCARD_W_WRONG_CHV),
      MYNASIM_SCARD_NAME(SCARD_W_CHV_BLOCKED),
      MYNASIM_SCARD_NAME(SCARD_W_EOF),
      MYNASIM_SCARD_NAME(SCARD_W_CANCELLED_BY_USER),
      MYNASIM_SCARD_NAME(SCARD_W_CARD_NOT_AUTHENTICATED),
  };
#undef MYNASIM_SCARD_NAME
  for (const Name& entry : kNames)
    if (entry.code == static_cast<LONG>(code)) return entry.name;
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(code) & 0xFFFFFFFFul);
  return hex;
}

}  // namespace mynasim::pcsc
