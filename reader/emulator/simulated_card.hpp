// A card image behind the reader link: card::Card as a reader::CardEndpoint. This is the one
// place where a card meets a link (docs/architecture.md: reader/emulator is the only part of
// reader/ that includes card/; mynasim and the benches put the card behind a reader through it).
#pragma once

#include <memory>
#include <string>

#include "card/runtime/card.hpp"
#include "card/store/file_storage.hpp"
#include "iso7816/bytes.hpp"
#include "reader/link/card_endpoint.hpp"

namespace mynasim::emulator {

class SimulatedCard final : public reader::CardEndpoint {
 public:
  // Loads the image under whichever known card profile wrote it. On failure returns null and
  // sets `error` (it names the image and the problem).
  static std::unique_ptr<SimulatedCard> load(const std::string& image, std::string& error);
  ~SimulatedCard() override;

  const std::string& image() const { return image_; }
  // The ATR the reader reports; empty restores the card's own (the profile's contact ATR).
  void set_atr(Bytes atr) { atr_ = std::move(atr); }

  Bytes atr() override;
  void power_on() override { card_->power_on(); }
  void reset() override { card_->reset(); }
  void power_off() override { card_->power_off(); }
  Bytes transmit(ByteView command) override { return card_->transmit(command); }

 private:
  explicit SimulatedCard(std::string image);

  std::string image_;
  card::store::FileStorage storage_;
  card::Env env_;
  std::unique_ptr<card::Card> card_;
  Bytes atr_;
};

}  // namespace mynasim::emulator
