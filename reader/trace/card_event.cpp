#include "reader/trace/card_event.hpp"

namespace mynasim::reader::trace {

const char* event_name(CardEvent event) {
  switch (event) {
    case CardEvent::kReset:
      return "reset";
    case CardEvent::kPowerOff:
      return "power_off";
    case CardEvent::kRemoved:
      return "removed";
    case CardEvent::kInserted:
      return "inserted";
  }
  return "?";
}

}  // namespace mynasim::reader::trace
