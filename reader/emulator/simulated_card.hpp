// A card image behind the reader link: card::Card as a reader::CardEndpoint. This is the one
// place where a card meets a link (docs/architecture.md: reader/emulator is the only part of
// reader/ that includes card/; mynasim and the benches put the card behind a reader through it).
#pragma once

#include <memory>
#include <string>

#include "card/runtime/card.hpp"
#include "card/store/file_storage.hpp"
#include "iso7816/bytes.hpp"
#include "reader/emulator/power_cut_ops.hpp"
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
  void power_on() override;
  void reset() override;
  void power_off() override;
  Bytes transmit(ByteView command) override { return card_->transmit(command); }
  // A command whose durable write the power cut tore gets no answer: the card leaves (kRemove).
  reader::Exchange exchange(ByteView command) override;
  // The image's next system calls go through PowerCutOps: the step-th one fails as a power loss.
  // Until the next power_on() the card is unpowered (nothing more reaches the image); then it
  // is loaded afresh from the image, which holds one of the committed states.
  bool arm_power_cut(int step) override;
  bool power_cut_fired() override { return ops_.fired(); }

 private:
  explicit SimulatedCard(std::string image);
  // After a power loss: power back, and the card as its image has it. False (and a note on
  // stderr) if the image does not load, which the store promises never happens.
  bool reload();

  std::string image_;
  PowerCutOps ops_;
  bool power_lost_ = false;
  const card::CardProfile* profile_ = nullptr;
  card::store::FileStorage storage_;
  card::Env env_;
  std::unique_ptr<card::Card> card_;
  Bytes atr_;
};

}  // namespace mynasim::emulator
