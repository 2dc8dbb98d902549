// A program that links the card and nothing else of the host side, so that
// check_card_deps.sh can prove the firmware needs no OpenSSL and no libpcsclite.
#include "card/apps/card_profiles.hpp"
#include "card/runtime/card.hpp"
#include "card/store/memory_storage.hpp"

int main() {
  mynasim::card::store::MemoryStorage storage;
  mynasim::card::SeededRandom random(1);
  auto& clock = mynasim::card::system_clock();
  mynasim::card::Env env{random, clock, storage};
  // An empty storage holds no card: load must refuse it (exit 0 when it does).
  auto loaded = mynasim::card::Card::load(env, mynasim::card::my_number_card_profile());
  return loaded.card ? 1 : 0;
}
