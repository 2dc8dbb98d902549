// What `mynasim exec|run --protocol t1|t0 --timing none|contact|contactless|FILE` put between a
// card and its reader: reader/emulator's decorators, outermost first TimedCard, then T0Card, so
// the timing covers what the reader sees (GET RESPONSE included). docs/timing-and-t0.md.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reader/emulator/timing_profile.hpp"
#include "reader/link/card_endpoint.hpp"

namespace mynasim::tools {

struct CardChain {
  bool t0 = false;
  std::optional<emulator::TimingProfile> timing;
};

// Reads the options (`atrs` as given to --atr: T=0 is a contact protocol). Returns the problem
// ("--protocol t2: ...", or the timing file's message naming file, entry and field), empty
// when the options are good.
std::string read_card_chain(const std::string& protocol, const std::string& timing,
                            const std::vector<std::string>& atrs, CardChain& chain);

// `card` behind the chain's decorators.
std::unique_ptr<reader::CardEndpoint> decorate(std::unique_ptr<reader::CardEndpoint> card,
                                               const CardChain& chain);

}  // namespace mynasim::tools
