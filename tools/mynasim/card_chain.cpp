#include "tools/mynasim/card_chain.hpp"

#include <algorithm>

#include "reader/emulator/t0_card.hpp"
#include "reader/emulator/timed_card.hpp"

namespace mynasim::tools {

std::string read_card_chain(const std::string& protocol, const std::string& timing,
                            const std::vector<std::string>& atrs, CardChain& chain) {
  if (protocol != "t1" && protocol != "t0")
    return "--protocol " + protocol + ": t1 (the card's own) or t0";
  chain.t0 = protocol == "t0";
  if (chain.t0 && std::find(atrs.begin(), atrs.end(), "contactless") != atrs.end())
    return "--protocol t0 with --atr contactless: T=0 is a contact protocol (a contactless "
           "card speaks ISO 14443-4, which PC/SC reports as T=1)";
  if (timing != "none") {
    std::string error;
    chain.timing = emulator::load_timing_profile(timing, error);
    if (!chain.timing) return error;
  }
  return {};
}

std::unique_ptr<reader::CardEndpoint> decorate(std::unique_ptr<reader::CardEndpoint> card,
                                               const CardChain& chain) {
  if (chain.t0) card = std::make_unique<emulator::T0Card>(std::move(card));
  if (chain.timing) card = std::make_unique<emulator::TimedCard>(std::move(card), *chain.timing);
  return card;
}

}  // namespace mynasim::tools
