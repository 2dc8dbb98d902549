#include "reader/pcsc/pcsc_error.hpp"

#include <PCSC/pcsclite.h>
#include <PCSC/winscard.h>

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

}  // namespace mynasim::pcsc
