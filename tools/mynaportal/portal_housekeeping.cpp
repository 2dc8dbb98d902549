// The portal's state bounds and its sweep timer (portal_state.hpp): what an unauthenticated
// client leaves behind expires on the clock, not at the next successful login.

#include "tools/mynaportal/portal_state.hpp"

namespace mynasim::portal {

void start_housekeeping(Portal::State& state, const PortalConfig& config) {
  state.challenges->set_capacity(config.max_challenges);
  state.store->set_anonymous_capacity(config.max_anonymous_sessions);
  state.sweeper = std::make_unique<Sweeper>(config.sweep_interval, [&state] {
    const UnixTime now = state.clock();
    state.store->sweep(now);
    state.challenges->sweep(now);
  });
}

}  // namespace mynasim::portal
