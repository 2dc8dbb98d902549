// CLA and INS -> handler (as vsmartcard's ins2handler). The class byte is judged first:
//   00                      interindustry commands
//   80                      the card's proprietary commands (COMPUTE DIGITAL SIGNATURE, ...)
//   logical channel != 0    6881 (01-03, 81-83, 40-7F)
//   secure messaging        with the text application's session (08, 0C): secure_messaging.hpp;
//                           otherwise 6882 to SELECT, 69FC to READ BINARY and VERIFY (08, 0C,
//                           88, 8C; reference §1), 6882 to the rest
//   command chaining (10)   6884
//   anything else           6E00
// then the instruction: unknown -> 6D00.
#pragma once

#include "card/runtime/card_state.hpp"
#include "iso7816/apdu.hpp"

namespace mynasim::card {

iso7816::ResponseApdu dispatch(CardState& card, const iso7816::CommandApdu& command);

}  // namespace mynasim::card
