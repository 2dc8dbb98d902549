// Card::snapshot and Card::restore: a card that wrote its image and was then put back (its
// storage given the issued bytes again, the card restored from what its load read) answers a
// command sequence byte for byte as a card freshly loaded from the issued image does, and leaves
// the same image. fuzz_card relies on this to start every input from the issued card.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "card/runtime/object_ids.hpp"
#include "test_card.hpp"

using namespace mynasim;
using namespace mynasim::testing;

namespace {

// A card with its own storage and generator, loaded from `image`.
struct Bench {
  explicit Bench(const Bytes& image,
                 const card::CardProfile& profile = card::my_number_card_profile())
      : storage(image) {
    auto loaded = card::Card::load(env, profile);
    INFO(loaded.error);
    REQUIRE(loaded.card);
    card = std::move(loaded.card);
  }
  card::store::MemoryStorage storage;
  card::SeededRandom random{7};
  FixedClock clock;
  card::Env env{random, clock, storage};
  std::unique_ptr<card::Card> card;
};

constexpr char kPowerOn[] = "power on";
constexpr char kPowerOff[] = "power off";

// The session both cards play: every PIN counter it touches is written (wrong and right VERIFY),
// signatures with and without random padding, a challenge, reads, power events.
std::vector<std::string> session() {
  const std::string hash =
      "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F "
      "10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F";
  return {
      kPowerOn,
      "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01",  // SELECT the JPKI AP
      "00 A4 02 0C 02 00 1B",                          // the signature password
      "00 20 00 80",                                   // its tries
      "00 20 00 80 06 57 52 4F 4E 47 31",              // VERIFY "WRONG1": a try less
      "00 20 00 80",
      "00 A4 02 0C 02 00 18",        // the auth PIN
      "00 20 00 80 04 39 39 39 39",  // VERIFY "9999": a try less
      "00 20 00 80 04 31 32 33 34",  // VERIFY "1234": the tries back
      "00 A4 02 0C 02 00 17",        // the auth key
      "80 2A 00 80 33 30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20 " + hash + " 00",
      "80 2A 04 80 20 " + hash + " 00",  // RSASSA-PSS: a random salt
      "00 84 00 00 08",                  // GET CHALLENGE
      "00 A4 02 0C 02 00 0A",            // the auth certificate
      "00 B0 00 00 00",
      kPowerOff,
      kPowerOn,
      "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01",
      "00 A4 02 0C 02 00 1B",
      "00 20 00 80",
  };
}

// Plays `step` on `card`: a power event (no answer) or a command APDU (its answer, in hex).
std::string play(card::Card& card, const std::string& step) {
  if (step == kPowerOn) {
    card.power_on();
    return {};
  }
  if (step == kPowerOff) {
    card.power_off();
    return {};
  }
  return to_hex(card.transmit(hex(step)));
}

Bytes image_of(card::store::MemoryStorage& storage) {
  Bytes image;
  REQUIRE(storage.read_all(image).ok());
  return image;
}

}  // namespace

TEST_CASE("a restored card answers and writes as a freshly loaded one", "[card][restore]") {
  const Bytes& issued = issued_card().image;
  Bench used(issued);
  const auto snapshot = used.card->snapshot();
  REQUIRE(snapshot);
  std::vector<std::string> first;
  for (const auto& step : session()) first.push_back(play(*used.card, step));
  // The session reached what it is meant to: a try less, the tries back, signatures, a write.
  CHECK(first[3] == "63 C5");
  CHECK(first[5] == "63 C4");
  CHECK(first[8] == "90 00");
  CHECK(first[10].size() == 258 * 3 - 1);
  CHECK(first[10].substr(first[10].size() - 5) == "90 00");
  CHECK(first[11].substr(first[11].size() - 5) == "90 00");
  CHECK(used.storage.operations() > 0);
  CHECK(image_of(used.storage) != issued);

  // Only the storage put back is not enough: the card still holds what it wrote.
  used.storage.reset(issued);
  used.card->power_on();
  play(*used.card, session()[1]);
  play(*used.card, session()[2]);
  CHECK(play(*used.card, session()[3]) == "63 C4");

  used.storage.reset(issued);
  REQUIRE(used.card->restore(*snapshot));
  used.random = card::SeededRandom(7);
  Bench fresh(issued);
  for (const auto& step : session()) {
    INFO(step);
    CHECK(play(*used.card, step) == play(*fresh.card, step));
  }
  CHECK(image_of(used.storage) == image_of(fresh.storage));
  CHECK(used.storage.operations() == fresh.storage.operations());
  // Both start over from the issued card, and answer as its first run did.
  used.storage.reset(issued);
  REQUIRE(used.card->restore(*snapshot));
  CHECK(play(*used.card, session()[1]).empty());  // unpowered, as a loaded card is
  used.card->power_on();
  CHECK(play(*used.card, session()[1]) == first[1]);
  CHECK(play(*used.card, session()[2]) == first[2]);
  CHECK(play(*used.card, session()[3]) == "63 C5");
}

TEST_CASE("a card refuses a snapshot of another card", "[card][restore]") {
  Bench mine(issued_card().image);
  const auto snapshot = mine.card->snapshot();
  REQUIRE(snapshot);
  Bench token(android_token_card(test_credentials()).image, card::android_token_profile());
  token.card->power_on();
  CHECK(play(*token.card, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01") == "90 00");
  CHECK(play(*token.card, "00 A4 02 0C 02 00 18") == "90 00");
  CHECK(play(*token.card, "00 20 00 80 04 39 39 39 39") == "63 C2");
  CHECK_FALSE(token.card->restore(*snapshot));
  // Nothing changed: still powered, still in the JPKI AP with its EF selected, the try still gone.
  CHECK(play(*token.card, "00 20 00 80") == "63 C2");
}

// fuzz_card's restarts and power cuts load images other than the issued one, and a card loaded
// again from the same bytes is restored from the first load's snapshot (tests/fuzz LoadMemo).
// Here the image a power cut left in the middle of an append, torn record kept: its load reads
// a journal and a tail to cut off before the next append. Restored after a session that wrote,
// the card answers and writes as one freshly loaded from those bytes.
TEST_CASE("a card restored from the load of a torn image answers as a fresh load of it",
          "[card][restore]") {
  Bytes torn;
  {
    Bench cut(issued_card().image);
    cut.card->power_on();
    play(*cut.card, session()[1]);
    play(*cut.card, session()[6]);
    cut.storage.cut_power_at(cut.storage.operations(), 5);  // the counter's append, 5 bytes of it
    CHECK(play(*cut.card, session()[7]) == "65 81");        // the write failed: memory failure
    REQUIRE(cut.storage.power_lost());
    torn = cut.storage.image_after_crash(true);
  }
  REQUIRE(torn.size() == issued_card().image.size() + 5);

  Bench used(torn);
  const auto snapshot = used.card->snapshot();
  REQUIRE(snapshot);
  std::vector<std::string> first;
  for (const auto& step : session()) first.push_back(play(*used.card, step));
  CHECK(first[3] == "63 C5");  // the torn record is not a try less
  CHECK(first[8] == "90 00");
  CHECK(image_of(used.storage) != torn);

  used.storage.reset(torn);
  REQUIRE(used.card->restore(*snapshot));
  used.random = card::SeededRandom(7);
  Bench fresh(torn);
  for (std::size_t i = 0; i < session().size(); ++i) {
    INFO(session()[i]);
    const std::string answer = play(*used.card, session()[i]);
    CHECK(answer == play(*fresh.card, session()[i]));
    CHECK(answer == first[i]);  // the same generator: even the PSS salt and the challenge
  }
  CHECK(image_of(used.storage) == image_of(fresh.storage));
  CHECK(used.storage.operations() == fresh.storage.operations());
}
