// A simulated card: the public face of card/. Bytes in, bytes out, power events; nothing else.
// Everything the card knows lives in its image (Env::storage); no API hands out a private key.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "card/crypto/rsa_key.hpp"
#include "card/env.hpp"
#include "card/runtime/profile.hpp"
#include "card/store/object_store.hpp"
#include "iso7816/apdu.hpp"

namespace mynasim::card {

struct CardState;

class Card {
 public:
  ~Card();
  Card(const Card&) = delete;
  Card& operator=(const Card&) = delete;

  struct LoadResult {
    std::unique_ptr<Card> card;  // null on failure
    std::string error;           // names the image and the problem
  };

  // Loads a personalized card from env.storage. Refuses an image written under another profile.
  static LoadResult load(Env& env, const CardProfile& profile);

  const Bytes& atr() const;

  // What load() built from the image, to make a card that card again later without reading and
  // checking the image a second time (a test bench starting every run from the same card:
  // tests/fuzz). Holds copies of the private keys: it stays inside the program that took it.
  class Snapshot {
   private:
    friend class Card;
    Snapshot() = default;
    const CardProfile* profile_ = nullptr;
    store::ObjectStore::LoadedView store_;
    std::map<store::ObjectId, crypto::RsaPrivateKey> keys_;
  };
  // Take it right after load(), before any command (a card that has written describes no image).
  // nullopt if a key object no longer unseals.
  std::optional<Snapshot> snapshot() const;
  // Makes this card, unpowered, the one load() gave when `snapshot` was taken: the same objects,
  // the same keys in the same state; the caller has put env.storage back to the bytes it was
  // loaded from. Refused (false) for a snapshot of another profile or of other key references,
  // with nothing changed; false also if mbedTLS cannot copy a key, and the card must then be
  // dropped.
  bool restore(const Snapshot& snapshot);

  // Cold start (power on) and warm reset: the MF level (ISD) is selected, no EF is current, every
  // security state is cleared.
  void power_on();
  void reset();
  // Makes lazily written state durable; the card answers nothing until the next power_on().
  void power_off();

  // One command APDU in, the response (data + SW1 SW2) out. A malformed APDU gets 6700.
  Bytes transmit(ByteView command);
  // The same response into `response` (emptied first), reusing its buffer: a caller sending
  // command after command (tests/fuzz) allocates nothing for the answers after the first ones.
  void transmit(ByteView command, Bytes& response);
  iso7816::ResponseApdu process(const iso7816::CommandApdu& command);

 private:
  explicit Card(std::unique_ptr<CardState> state);
  std::unique_ptr<CardState> state_;
};

}  // namespace mynasim::card
