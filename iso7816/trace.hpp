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

// "VERIFY 00 20 00 80 04 ** ** ** **" — the raw bytes with secrets masked, after the name.
std::string describe_command(ByteView raw);

// "90 00 (SUCCESS)" or "<n> bytes, 63 C2 (TRIES LEFT)".
std::string describe_response(ByteView raw);

}  // namespace mynasim::iso7816
