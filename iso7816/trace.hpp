// One-line descriptions of APDUs for traces and logs, with secrets masked: the data field of
// VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER is shown as ** per byte, never the PIN.
#pragma once

#include <string>

#include "iso7816/apdu.hpp"

namespace mynasim::iso7816 {

// The command's name for a CLA/INS pair ("SELECT", "VERIFY", "COMPUTE DIGITAL SIGNATURE"), or
// nullptr when unknown.
const char* command_name(std::uint8_t cla, std::uint8_t ins);

// Whether the data field of this command carries a secret.
bool carries_secret(std::uint8_t ins);

// Where the secret of a raw command APDU sits, for every trace that hides it (the ** of
// describe_command, the XX of mynasim's trace files): the data field of a command that
// carries_secret, or everything after the 4-byte header when such a command does not parse.
struct SecretSpan {
  std::size_t begin = 0;  // first secret byte
  std::size_t end = 0;    // one past the last
  bool malformed = false;
  bool empty() const { return begin == end; }
};
SecretSpan secret_span(ByteView raw);

// "VERIFY 00 20 00 80 04 ** ** ** **" — the raw bytes with secrets masked, after the name.
std::string describe_command(ByteView raw);

// "90 00 (SUCCESS)" or "<n> bytes, 63 C2 (TRIES LEFT)".
std::string describe_response(ByteView raw);

}  // namespace mynasim::iso7816
