// The card events of a trace (docs/trace-format.md): one definition for the reader and the
// writer of the format.
#pragma once

namespace mynasim::reader::trace {

enum class CardEvent { kReset, kPowerOff, kRemoved, kInserted };
const char* event_name(CardEvent event);  // "reset", "power_off", "removed", "inserted"

}  // namespace mynasim::reader::trace
