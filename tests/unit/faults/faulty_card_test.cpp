// FaultyCard over a scripted card: for each action, the Exchange kind the link gets, the bytes,
// and whether the card saw the command.
#include <catch2/catch.hpp>

#include <bit>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "reader/faults/fault_plan.hpp"
#include "reader/faults/faulty_card.hpp"

using namespace mynasim;
using namespace mynasim::reader;
using namespace mynasim::reader::faults;
using Kind = Exchange::Kind;

namespace {

const Bytes kContactAtr = {0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14};
const Bytes kContactlessAtr = {0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x05,
                               0xE0, 0xB3, 0x81, 0xA1, 0x00, 0x7F};
const Bytes kRead = {0x00, 0xB0, 0x00, 0x00, 0x04};
const Bytes kAnswer = {0xDE, 0xAD, 0xBE, 0xEF, 0x90, 0x00};

// Answers every command with kAnswer and counts them. A power cut, when armed and `cuttable`,
// fires on the next command if `writes` is set.
struct ScriptedCard : CardEndpoint {
  Bytes atr_bytes = kContactAtr;
  int commands = 0;
  bool cuttable = true, writes = true, armed = false, fired = false;
  int armed_step = 0;
  Bytes atr() override { return atr_bytes; }
  void power_on() override {}
  void reset() override {}
  void power_off() override {}
  Bytes transmit(ByteView) override {
    ++commands;
    if (armed && writes) fired = true;
    return kAnswer;
  }
  bool arm_power_cut(int step) override {
    if (!cuttable) return false;
    armed = true;
    fired = false;
    armed_step = step;
    return true;
  }
  bool power_cut_fired() override { return fired; }
};

struct Fixture {
  ScriptedCard card;
  std::shared_ptr<FaultEngine> engine = std::make_shared<FaultEngine>(7);
  FaultyCard faulty{card, engine, nullptr, 0};
  void add(const std::string& json) {
    std::vector<std::string> warnings;
    engine->add(parse_rule(json, "test", warnings));
  }
};

int bits_differing(const Bytes& a, const Bytes& b) {
  int n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n += std::popcount(static_cast<unsigned>(a[i] ^ b[i]));
  return n;
}

}  // namespace

TEST_CASE("no fault: the card's answer, unchanged") {
  Fixture f;
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kAnswer);
  CHECK(out.response == kAnswer);
  CHECK(f.card.commands == 1);
}

TEST_CASE("sw: the given status word, and the card never sees the command") {
  Fixture f;
  f.add(R"({"nth": 2, "action": "sw", "sw": "6581"})");
  CHECK(f.faulty.exchange(kRead).response == kAnswer);
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kAnswer);
  CHECK(out.response == Bytes{0x65, 0x81});
  CHECK(f.card.commands == 1);
  CHECK(f.faulty.exchange(kRead).response == kAnswer);
}

TEST_CASE("corrupt flips exactly `bits` bits of the data, the status word kept") {
  for (unsigned bits : {1u, 3u, 32u, 40u}) {
    Fixture f;
    f.add(R"({"action": "corrupt", "bits": )" + std::to_string(bits) + "}");
    const Exchange out = f.faulty.exchange(kRead);
    CHECK(out.kind == Kind::kAnswer);
    REQUIRE(out.response.size() == kAnswer.size());
    // 4 data bytes: at most 32 bits can flip.
    CHECK(bits_differing(out.response, kAnswer) == static_cast<int>(std::min(bits, 32u)));
    CHECK(out.response[4] == 0x90);
    CHECK(out.response[5] == 0x00);
  }
}

TEST_CASE("corrupt: a status word alone is what flips; positions repeat under a seed") {
  Bytes sw = {0x90, 0x00};
  FaultyCard::corrupt(sw, 2, 99);
  CHECK(bits_differing(sw, {0x90, 0x00}) == 2);
  Bytes again = {0x90, 0x00};
  FaultyCard::corrupt(again, 2, 99);
  CHECK(again == sw);
  Bytes other = {0x90, 0x00};
  FaultyCard::corrupt(other, 2, 100);
  CHECK(other != sw);
}

TEST_CASE("delay: the card's answer, held back by at least ms") {
  Fixture f;
  f.add(R"({"action": "delay", "ms": 30})");
  const auto start = std::chrono::steady_clock::now();
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(30));
  CHECK(out.kind == Kind::kAnswer);
  CHECK(out.response == kAnswer);
  CHECK(f.card.commands == 1);
}

TEST_CASE("mute: no answer, the card never sees the command") {
  Fixture f;
  f.add(R"({"action": "mute"})");
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kMute);
  CHECK(out.response.empty());
  CHECK(f.card.commands == 0);
}

TEST_CASE("remove before, during, after") {
  Fixture before;
  before.add(R"({"action": "remove", "when": "before", "reinsert_ms": 500})");
  Exchange out = before.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kRemove);
  CHECK(out.reinsert_ms == 500);
  CHECK(before.card.commands == 0);

  Fixture during;
  during.add(R"({"action": "remove", "when": "during"})");
  out = during.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kRemove);
  CHECK(out.response.empty());
  CHECK(out.reinsert_ms == -1);
  CHECK(during.card.commands == 1);

  Fixture after;
  after.add(R"({"action": "remove", "when": "after", "reinsert_ms": 0})");
  out = after.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kAnswerThenRemove);
  CHECK(out.response == kAnswer);
  CHECK(out.reinsert_ms == 0);
  CHECK(after.card.commands == 1);
}

TEST_CASE("reset: the answer, then a warm reset") {
  Fixture f;
  f.add(R"({"after_commands": 1, "action": "reset"})");
  CHECK(f.faulty.exchange(kRead).kind == Kind::kAnswer);
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kAnswerThenReset);
  CHECK(out.response == kAnswer);
  CHECK(f.faulty.exchange(kRead).kind == Kind::kAnswer);
}

TEST_CASE("power_loss arms the card's cut; the command that tears gets no answer") {
  Fixture f;
  f.add(R"({"nth": 1, "action": "power_loss", "step": 3, "reinsert_ms": 200})");
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(f.card.armed_step == 3);
  CHECK(f.card.commands == 1);
  CHECK(out.kind == Kind::kRemove);
  CHECK(out.reinsert_ms == 200);
}

TEST_CASE("power_loss on a command that writes nothing: the cut waits for the next write") {
  Fixture f;
  f.card.writes = false;
  f.add(R"({"nth": 1, "action": "power_loss", "step": 1})");
  CHECK(f.faulty.exchange(kRead).kind == Kind::kAnswer);
  f.card.writes = true;
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kRemove);
  CHECK(out.reinsert_ms == -1);
  CHECK(f.faulty.exchange(kRead).kind == Kind::kAnswer);
}

TEST_CASE("power_loss on a card that cannot be cut: out before the command") {
  Fixture f;
  f.card.cuttable = false;
  f.add(R"({"action": "power_loss", "reinsert_ms": 10})");
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kRemove);
  CHECK(out.reinsert_ms == 10);
  CHECK(f.card.commands == 0);
}

TEST_CASE("field_loss: out with a fresh ATR, on a contactless reader only") {
  Fixture contactless;
  contactless.card.atr_bytes = kContactlessAtr;
  contactless.add(R"({"action": "field_loss"})");
  const Exchange out = contactless.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kRemove);
  CHECK(out.reinsert_ms == 100);
  CHECK(contactless.card.commands == 1);

  Fixture contact;  // a contact reader has no field to lose: the fault does nothing
  contact.add(R"({"action": "field_loss"})");
  CHECK(contact.faulty.exchange(kRead).kind == Kind::kAnswer);
  CHECK(is_contactless_atr(kContactlessAtr));
  CHECK_FALSE(is_contactless_atr(kContactAtr));
}

TEST_CASE("two faults on one command: the first acts") {
  Fixture f;
  f.add(R"({"action": "sw", "sw": "6A82"})");
  f.add(R"({"action": "mute"})");
  const Exchange out = f.faulty.exchange(kRead);
  CHECK(out.kind == Kind::kAnswer);
  CHECK(out.response == Bytes{0x6A, 0x82});
  CHECK(f.engine->list()[1].fired == 1);
}

TEST_CASE("an owning FaultyCard forwards the ATR and power events to the card it holds") {
  auto card = std::make_unique<ScriptedCard>();
  ScriptedCard* inner = card.get();
  FaultyCard faulty(std::move(card), std::make_shared<FaultEngine>(), nullptr, 0);
  CHECK(faulty.atr() == kContactAtr);
  CHECK(faulty.exchange(kRead).response == kAnswer);
  CHECK(inner->commands == 1);
}
