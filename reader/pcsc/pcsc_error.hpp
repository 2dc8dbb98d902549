// Typed PC/SC failures: what a host tool needs to tell the user, not a raw SCARD_ code.
#pragma once

#include <stdexcept>
#include <string>

namespace mynasim::pcsc {

enum class PcscErrorKind {
  kNoService,          // no pcscd to talk to
  kNoReader,           // no reader at all
  kUnknownReader,      // a reader name that is not there
  kNoCard,             // the reader is empty
  kCardRemoved,        // the card went away during the session
  kTransactionFailed,  // the exchange itself failed (sharing violation, comm error, ...)
  kTimeout,
  kBadResponse,  // the card broke ISO 7816-4's rules: no status word, an endless 61xx chain
  kOther,        // our own mistake (a command that cannot be encoded), or a code not listed
};

// Whether trying again can succeed (libelectronic-id's split of Error from FatalError): retryable
// when the user or the system can change something (start pcscd, plug a reader, insert the card
// again, retry a broken transaction, type the PIN again); fatal when the same call would fail the
// same way (a bad argument, a card that breaks the protocol, a blocked PIN, an unsupported card).
enum class ErrorCategory { kRetryable, kFatal };
const char* name_of(ErrorCategory category);  // "retryable", "fatal"

class PcscError : public std::runtime_error {
 public:
  PcscError(PcscErrorKind kind, long code, const std::string& message)
      : std::runtime_error(message), kind_(kind), code_(code) {}
  PcscErrorKind kind() const { return kind_; }
  long code() const { return code_; }  // the SCARD_ value, 0 if none
  // Retryable: no service, no reader, no card, card removed or reset, transaction failed,
  // timeout. Fatal: an unknown reader name (an argument), a bad response, anything else.
  ErrorCategory category() const;

 private:
  PcscErrorKind kind_;
  long code_;
};

// Maps a PC/SC return code to a typed error; `what` says what was being done ("connect to reader
// X"). The message includes pcsc_stringify_error's text.
[[noreturn]] void throw_pcsc_error(long code, const std::string& what);

// pcsc-lite's name for a return code, "SCARD_W_REMOVED_CARD" (what traces record, since the
// number means nothing to a reader); "0x8010xxxx" for a code pcsc-lite does not name.
std::string error_name(long code);

}  // namespace mynasim::pcsc
