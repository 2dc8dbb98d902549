// A card with faults: asks the engine about every command and, when a fault fires, changes what
// the reader sees (docs/faults.md). delay, sw and corrupt it does itself; removal, muteness,
// reset, power and field loss it hands to the link as Exchange kinds (reader/link/card_endpoint).
#pragma once

#include <memory>

#include "reader/faults/fault_engine.hpp"
#include "reader/faults/fault_log.hpp"
#include "reader/link/card_endpoint.hpp"

namespace mynasim::reader::faults {

class FaultyCard : public CardDecorator {
 public:
  // `inner` must outlive this card. `reader` is the reader's number, for the log.
  FaultyCard(CardEndpoint& inner, std::shared_ptr<FaultEngine> engine,
             std::shared_ptr<FaultLog> log, std::size_t reader);
  // Owns the card it wraps (what a PrivateStack slot holds).
  FaultyCard(std::unique_ptr<CardEndpoint> inner, std::shared_ptr<FaultEngine> engine,
             std::shared_ptr<FaultLog> log, std::size_t reader);

  Exchange exchange(ByteView command) override;

  // Flips `bits` distinct bits of `response`, at positions drawn from SplitMix64(draw): in the
  // data when there are data, else in the status word. At most every bit of that part.
  static void corrupt(Bytes& response, unsigned bits, std::uint64_t draw);

 private:
  Exchange act(const Firing& firing, ByteView command);
  // After the card answered: a power cut armed by a power_loss fault that has now fired takes
  // the card out instead.
  Exchange after_card(Exchange exchange);

  std::unique_ptr<CardEndpoint> owned_;
  std::shared_ptr<FaultEngine> engine_;
  std::shared_ptr<FaultLog> log_;
  std::size_t reader_;
  bool cut_armed_ = false;
  int cut_reinsert_ms_ = -1;
};

}  // namespace mynasim::reader::faults
