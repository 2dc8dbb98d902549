// What the reader link needs from a card: power events and APDUs. tools/mynasim puts a
// card::Card behind it; tests put a scripted card behind it. No card/ include here.
//
// Decorators (CardDecorator) stack on a card to change what the reader sees without touching
// the card: T=0 framing, a real card's timing, injected faults (docs/faults.md). The link always
// calls the outermost one.
#pragma once

#include "iso7816/bytes.hpp"

namespace mynasim::reader {

// What the link does with one command APDU. Most commands are just answered; an injected fault
// may ask the link to do what a real reader would see instead.
struct Exchange {
  enum class Kind {
    kAnswer,            // send `response`
    kMute,              // send nothing: the reader gives up after its timeout (PROTOCOL.md)
    kRemove,            // the card leaves the reader before answering (the link closes)
    kAnswerThenRemove,  // send `response`, then the card leaves the reader
    kAnswerThenReset,   // send `response`, then the reader warm-resets the card
  };
  Kind kind = Kind::kAnswer;
  Bytes response;        // with kAnswer*: data + SW1 SW2 (at least 2 bytes)
  int reinsert_ms = -1;  // with kRemove*: put the card back after this long; -1: it stays out
};

class CardEndpoint {
 public:
  virtual ~CardEndpoint() = default;
  // The ATR the reader reports (the card's, or one the user chose for this reader).
  virtual Bytes atr() = 0;
  virtual void power_on() = 0;
  virtual void reset() = 0;
  // Also called when the card leaves the reader: state must be durable afterwards.
  virtual void power_off() = 0;
  // A command APDU in, the response (data + SW1 SW2) out.
  virtual Bytes transmit(ByteView command) = 0;
  // What the link calls: transmit() unless a decorator decides otherwise.
  virtual Exchange exchange(ByteView command) {
    return {Exchange::Kind::kAnswer, transmit(command), -1};
  }
  // Power-loss faults: the card's next durable write is cut at its `step`-th system call
  // (1 = the first), as if the power failed there; the command that made it gets no answer and
  // the card leaves the reader. On the next power_on() the card is what its image holds (one of
  // the committed states). False when this card cannot be cut (a relayed real card).
  virtual bool arm_power_cut(int /*step*/) { return false; }
  // True once an armed cut has fired (cleared by the next arm_power_cut()).
  virtual bool power_cut_fired() { return false; }
};

// Forwards everything to the card it wraps; a decorator overrides what it changes. `inner`
// must outlive the decorator.
class CardDecorator : public CardEndpoint {
 public:
  explicit CardDecorator(CardEndpoint& inner) : inner_(inner) {}
  Bytes atr() override { return inner_.atr(); }
  void power_on() override { inner_.power_on(); }
  void reset() override { inner_.reset(); }
  void power_off() override { inner_.power_off(); }
  Bytes transmit(ByteView command) override { return inner_.transmit(command); }
  Exchange exchange(ByteView command) override { return inner_.exchange(command); }
  bool arm_power_cut(int step) override { return inner_.arm_power_cut(step); }
  bool power_cut_fired() override { return inner_.power_cut_fired(); }

 protected:
  CardEndpoint& inner() { return inner_; }

 private:
  CardEndpoint& inner_;
};

}  // namespace mynasim::reader
