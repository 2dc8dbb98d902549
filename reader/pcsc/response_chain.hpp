// GET RESPONSE / 6Cxx handling (ISO/IEC 7816-4 §5.3.4; T=0 cards answer this way) as one pure
// function over a transmit callback, so it is tested without a reader and bounded against a card
// that never stops: 61xx -> GET RESPONSE `00 C0 00 00 xx` (xx = 00: 256 bytes) appending the data,
// 6Cxx -> the same command once more with Le = xx. A second 6Cxx is the answer as it is (the
// caller sees the wrong-length word), as OpenSC does after its one retry.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "iso7816/apdu.hpp"

namespace mynasim::pcsc {

struct ResponseChainLimits {
  // The most data the chain may collect: the largest extended Ne (what our reader advertises as
  // dwMaxAPDUDataSize and what CardConnection's receive buffer holds).
  std::size_t max_data = iso7816::kMaxExtendedNe;
  // The most GET RESPONSE commands for one command: 256 rounds of 256 bytes reach max_data.
  unsigned max_get_response = 256;
};

// Sends one encoded command, returns the card's raw answer (data + SW1 SW2). May throw (a
// removed card): the chain wipes what it encoded and lets the exception through.
using RawTransmit = std::function<Bytes(ByteView command)>;

// The final data (the chain's data concatenated) and status word of `command`. Every command
// buffer it encodes is wiped before it is freed (a VERIFY's PIN is in it). Throws PcscError:
// kOther when the command cannot be encoded; kBadResponse for an answer without a status word,
// more data than limits.max_data, or more GET RESPONSE rounds than limits.max_get_response.
// `card` names the card in messages ("the card in 'Reader 00 00'").
iso7816::ResponseApdu transmit_chained(const iso7816::CommandApdu& command,
                                       const RawTransmit& transmit, const std::string& card,
                                       const ResponseChainLimits& limits = {});

}  // namespace mynasim::pcsc
