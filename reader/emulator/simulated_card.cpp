#include "reader/emulator/simulated_card.hpp"

#include "card/apps/card_profiles.hpp"

namespace mynasim::emulator {

SimulatedCard::SimulatedCard(std::string image)
    : image_(std::move(image)),
      storage_(image_),
      env_{card::system_random(), card::system_clock(), storage_} {}

SimulatedCard::~SimulatedCard() {
  if (card_) card_->power_off();  // durable before the image is closed
}

std::unique_ptr<SimulatedCard> SimulatedCard::load(const std::string& image, std::string& error) {
  std::unique_ptr<SimulatedCard> simulated(new SimulatedCard(image));
  // The image records the profile it was written under; Card::load refuses any other, so the
  // first profile that loads is the card's. The first error is the one to report: it is the
  // right one for a missing or corrupt image, and names the image's profile otherwise.
  std::string first_error;
  for (const card::CardProfile* profile :
       {&card::my_number_card_profile(), &card::android_token_profile()}) {
    auto loaded = card::Card::load(simulated->env_, *profile);
    if (loaded.card) {
      simulated->card_ = std::move(loaded.card);
      return simulated;
    }
    if (first_error.empty()) first_error = loaded.error;
  }
  error = first_error;
  return nullptr;
}

Bytes SimulatedCard::atr() {
  return atr_.empty() ? card_->atr() : atr_;
}

}  // namespace mynasim::emulator
