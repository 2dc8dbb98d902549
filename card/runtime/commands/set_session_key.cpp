// SET SESSION KEY (80 AE ...): secure messaging's key delivery. What each application answers is
// in its DfSpec (myna-card text.rs): 66F1 for 共通 and the surface AP (nothing configured), 6982
// for JPKI and 住基. The text AP answers 6982 until its PIN is verified; the real card then takes
// the key and opens secure messaging, which the simulator does not implement: 6A81. The MF level
// answers 6982 (CHOSEN). The access condition is checked before anything in the command, as on
// the real card, so P1/P2 and the data are not looked at.
#include "card/runtime/commands/commands.hpp"

namespace mynasim::card::commands {

using namespace iso7816::sw;

ResponseApdu set_session_key(CardState& card, const CommandApdu& command) {
  (void)command;
  const DfSpec* df = card.current_df;
  if (!df) return status(kSecurityStatusNotSatisfied);
  if (df->secure_messaging.kind != AccessRule::Kind::kNever &&
      card.security.satisfies(df->secure_messaging))
    return status(kFunctionNotSupported);
  return status(df->set_session_key_sw);
}

}  // namespace mynasim::card::commands
