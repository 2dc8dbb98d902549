// GET CHALLENGE (00 84 00 00 Le): Le random bytes, 1..256 (Le=00 -> 256). An extended Le answers
// 6985 (myna-card observed this on a real card); no Le or a data field answers 6700.
// The card keeps the last challenge for one EXTERNAL AUTHENTICATE (office_commands.cpp).
#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {

using namespace iso7816::sw;

ResponseApdu get_challenge(CardState& card, const CommandApdu& command) {
  if (command.p1 != 0 || command.p2 != 0) return status(kIncorrectP1P2);
  if (!command.data.empty() || !command.has_le) return status(kWrongLength);
  if (command.extended) return status(kConditionsNotSatisfied);
  ResponseApdu response;
  response.data.resize(command.ne);
  card.env.random.fill(response.data);
  card.security.issuer.challenge = response.data;
  response.sw = kSuccess;
  return response;
}

}  // namespace mynasim::card::commands
