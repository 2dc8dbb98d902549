// The divergence rules of `mynasim replay` (docs/replay.md): what the simulated card answered
// against what the trace's card answered, one command at a time. Values that depend on the card's
// keys or its randomness are compared by shape, never byte for byte; everything else must be equal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iso7816/apdu.hpp"
#include "iso7816/bytes.hpp"
#include "tools/mynasim/replay_files.hpp"

namespace mynasim::tools::replay {

enum class Rule : std::uint8_t {
  kExact,        // status word, length and bytes
  kChallenge,    // GET CHALLENGE: the same length
  kSignature,    // 80 2A, INTERNAL AUTHENTICATE: the same length (and verified, replay_keys.hpp)
  kCertificate,  // READ BINARY of JPKI 0001/0002/000A/000B: DER shape; lengths may differ at EOF
  kStructure,    // card-info files, 共通/住基 records, GET DATA: BER-TLV tags and lengths
  kTokenInfo,    // JPKI EF 0006 (CK_TOKEN_INFO): every byte but the card's serial number
};
const char* rule_name(Rule rule);

Rule rule_for(App app, std::optional<std::uint16_t> ef, const iso7816::CommandApdu& command);

struct Divergence {
  std::string what;  // "status word", "length", "bytes", "structure", "signature", "certificate"
  std::string expected, got;
  // Reported but not counted: a certificate read whose outcome depends on the certificate's
  // length, which differs from card to card; `why` says so.
  bool note = false;
  std::string why;
};

std::vector<Divergence> compare(Rule rule, const iso7816::CommandApdu& command,
                                const iso7816::ResponseApdu& expected,
                                const iso7816::ResponseApdu& got);

// "FF20[314]{DF21[8] DF22[24] ...}" — the tags and lengths of BER-TLV data, values skipped; a
// read that stops inside a value ends with "…", bytes that are no TLV with "+N". Exposed for tests.
std::string structure(ByteView data);

}  // namespace mynasim::tools::replay
