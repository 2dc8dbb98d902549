#include "reader/emulator/simulated_card.hpp"

#include <cstdio>

#include "card/apps/card_profiles.hpp"

namespace mynasim::emulator {

SimulatedCard::SimulatedCard(std::string image)
    : image_(std::move(image)),
      storage_(image_, ops_),
      env_{card::system_random(), card::system_clock(), storage_} {}

SimulatedCard::~SimulatedCard() {
  if (card_ && !power_lost_) card_->power_off();  // durable before the image is closed
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
      simulated->profile_ = profile;
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

void SimulatedCard::power_on() {
  if (power_lost_ && !reload()) return;
  card_->power_on();
}

void SimulatedCard::reset() {
  if (power_lost_ && !reload()) return;
  card_->reset();
}

void SimulatedCard::power_off() {
  // Without power nothing reaches the image: what the card held in RAM is lost.
  if (!power_lost_) card_->power_off();
}

reader::Exchange SimulatedCard::exchange(ByteView command) {
  if (power_lost_) return {reader::Exchange::Kind::kRemove, {}, -1};
  Bytes response = card_->transmit(command);
  if (!ops_.power_on()) {
    power_lost_ = true;
    return {reader::Exchange::Kind::kRemove, {}, -1};
  }
  return {reader::Exchange::Kind::kAnswer, std::move(response), -1};
}

bool SimulatedCard::arm_power_cut(int step) {
  ops_.arm(step);
  return true;
}

bool SimulatedCard::reload() {
  ops_.restore();
  auto loaded = card::Card::load(env_, *profile_);
  if (!loaded.card) {
    std::fprintf(stderr, "mynasim: after the power cut, %s\n", loaded.error.c_str());
    return false;
  }
  card_ = std::move(loaded.card);
  power_lost_ = false;
  return true;
}

}  // namespace mynasim::emulator
