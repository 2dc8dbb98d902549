// Timing profiles: the shipped files parse, a command's wait is what the file says, and every
// kind of bad input is named by file, entry and field (docs/timing-and-t0.md).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "reader/emulator/timed_card.hpp"
#include "reader/emulator/timing_profile.hpp"
#include "tests/unit/emulator/scripted_endpoint.hpp"

using namespace mynasim;
using namespace std::chrono_literals;
using emulator::CommandClass;
using iso7816::test::hex;

namespace {

std::string error_of(const std::string& text) {
  std::string error;
  const auto profile = emulator::parse_timing_profile(text, "p.json", error);
  CHECK_FALSE(profile);
  return error;
}

emulator::TimingProfile parse(const std::string& text) {
  std::string error;
  auto profile = emulator::parse_timing_profile(text, "p.json", error);
  INFO(error);
  REQUIRE(profile);
  return *profile;
}

const char* kSmall = R"({"profile": "small", "seed": 42,
  "jitter": {"percent": 10, "source": "test"},
  "commands": {
    "sign": {"ms": 300, "per_256_bytes_ms": 10, "source": "test"},
    "read_binary": {"ms": 2, "per_256_bytes_ms": 256, "source": "test"},
    "default": {"ms": 1.5, "source": "test"}}})";

}  // namespace

TEST_CASE("timing profile: commands are classed by CLA and INS") {
  CHECK(emulator::classify(hex("00 A4 04 0C 01 D3")) == CommandClass::kSelect);
  CHECK(emulator::classify(hex("00 B0 00 00 00")) == CommandClass::kReadBinary);
  CHECK(emulator::classify(hex("00 B2 01 0C 00")) == CommandClass::kReadBinary);
  CHECK(emulator::classify(hex("00 20 00 80")) == CommandClass::kVerify);
  CHECK(emulator::classify(hex("80 2A 00 80 01 00 00")) == CommandClass::kSign);
  CHECK(emulator::classify(hex("00 2A 9E 9A 01 00 00")) == CommandClass::kDefault);
  CHECK(emulator::classify(hex("00 84 00 00 08")) == CommandClass::kGetChallenge);
  CHECK(emulator::classify(hex("00 C0 00 00 00")) == CommandClass::kDefault);
  CHECK(emulator::classify(hex("00 A4")) == CommandClass::kDefault);
}

TEST_CASE("timing profile: a command waits its class's ms plus its data pro rata") {
  const auto profile = parse(kSmall);
  CHECK(profile.name == "small");
  CHECK(profile.seed == 42);
  CHECK(profile.jitter_percent == 10);
  CHECK(emulator::base_latency(profile, hex("80 2A 00 80 01 00 00"), 256) == 310ms);
  CHECK(emulator::base_latency(profile, hex("00 B0 00 00 00"), 256) == 258ms);
  CHECK(emulator::base_latency(profile, hex("00 B0 00 00 80"), 128) == 130ms);
  // Classes the file leaves out take "default"'s timing.
  CHECK(emulator::base_latency(profile, hex("00 A4 02 0C 02 00 0A"), 0) == 1500us);
  CHECK(emulator::base_latency(profile, hex("00 20 00 80"), 0) == 1500us);
  // Never beyond the reader's 60 s.
  CHECK(emulator::base_latency(profile, hex("00 B0 00 00 00"), 65536) == 60s);
}

TEST_CASE("timing profile: the jitter is seeded, reproducible and within its percent") {
  const auto profile = parse(kSmall);
  auto make = [&] {
    return emulator::TimedCard(std::make_unique<testing::ScriptedEndpoint>(), profile);
  };
  auto a = make(), b = make();
  std::vector<std::chrono::nanoseconds> first, second;
  for (int i = 0; i < 50; ++i) {
    first.push_back(a.next_latency(hex("80 2A 00 80 01 00 00"), 256));
    second.push_back(b.next_latency(hex("80 2A 00 80 01 00 00"), 256));
  }
  CHECK(first == second);
  bool varied = false;
  for (const auto& wait : first) {
    CHECK(wait >= 279ms);  // 310 ms - 10 %
    CHECK(wait <= 341ms);
    varied = varied || wait != first[0];
  }
  CHECK(varied);
  CHECK(first[0] == std::chrono::nanoseconds(324977022));  // 310 ms × (1 + 0.1 × 0.48313)
  // The first values of seed 42 (splitmix64, computed independently), so a change of generator
  // cannot pass unnoticed: it would change every profile's waits.
  emulator::JitterSource source(42);
  CHECK(source.next() == Approx(0.4831297575436466).epsilon(1e-15));
  CHECK(source.next() == Approx(-0.6801792142461598).epsilon(1e-15));
  CHECK(source.next() == Approx(-0.4427977394897227).epsilon(1e-15));
}

TEST_CASE("timing profile: the TimedCard passes the card's answers through unchanged") {
  auto scripted = std::make_unique<testing::ScriptedEndpoint>();
  scripted->on("00 84 00 00 04", hex("01 02 03 04 90 00"));
  auto* card = scripted.get();
  emulator::TimedCard timed(std::move(scripted), parse(R"({"commands": {}})"));
  CHECK(timed.transmit(hex("00 84 00 00 04")) == hex("01 02 03 04 90 00"));
  CHECK(timed.atr() == card->atr());
  CHECK(card->received == std::vector<std::string>{"00 84 00 00 04"});
}

TEST_CASE("timing profile: the shipped profiles parse, and give every number a source") {
  for (const char* name : {"contact", "contactless"}) {
    std::string error;
    const auto profile = emulator::load_timing_profile(name, error);
    INFO(name << ": " << error);
    REQUIRE(profile);
    CHECK(profile->name == name);
    // A signature is the slowest thing the card does, a SELECT among the fastest.
    CHECK(emulator::base_latency(*profile, hex("80 2A 00 80 01 00 00"), 256) >
          emulator::base_latency(*profile, hex("00 A4 02 0C 02 00 0A"), 0));
  }
}

TEST_CASE("timing profile: bad input names the file, the entry and the field") {
  CHECK(error_of("{\"commands\": {\n  \"sign\": {\"ms\": 10,}\n}}") ==
        "p.json:2:21: not JSON: syntax error while parsing object key - unexpected '}'; "
        "expected string literal");
  CHECK(error_of("") ==
        "p.json:1:1: not JSON: syntax error while parsing value - unexpected end "
        "of input; expected '[', '{', or a literal");
  CHECK(error_of(R"({"commands": {"signature": {"ms": 1, "source": "x"}}})") ==
        "p.json: commands.signature: unknown command class (known: select, read_binary, verify, "
        "sign, get_challenge, default)");
  CHECK(error_of(R"({"commands": {"sign": {"ms": -5, "source": "x"}}})") ==
        "p.json: commands.sign: ms: -5 is negative");
  CHECK(error_of(R"({"commands": {"sign": {"ms": 60001, "source": "x"}}})") ==
        "p.json: commands.sign: ms: 60001 ms is above 60000 ms, the reader's limit (it would "
        "take a card this slow for a mute one)");
  CHECK(
      error_of(
          R"({"commands": {"read_binary": {"ms": 1, "per_256_bytes_ms": 1e9, "source": "x"}}})") ==
      "p.json: commands.read_binary: per_256_bytes_ms: 1000000000.0 ms is above 60000 ms, the "
      "reader's limit (it would take a card this slow for a mute one)");
  CHECK(error_of(R"({"commands": {"sign": {"ms": "fast", "source": "x"}}})") ==
        "p.json: commands.sign: ms: \"fast\" is not a number");
  CHECK(error_of(R"({"commands": {"sign": {"source": "x"}}})") ==
        "p.json: commands.sign: ms: missing (a number of milliseconds)");
  CHECK(error_of(R"({"commands": {"sign": {"ms": 5}}})") ==
        "p.json: commands.sign: source: missing: say where the numbers come from (or "
        "UNCONFIRMED and why)");
  CHECK(error_of(R"({"commands": {"sign": {"ms": 5, "source": "x", "jitter": 3}}})") ==
        "p.json: commands.sign: jitter: unknown field (known: ms, per_256_bytes_ms, source)");
  CHECK(error_of(R"({"comands": {}})") ==
        "p.json: comands: unknown field (known: commands, description, jitter, profile, seed)");
  CHECK(error_of(R"({"profile": "x"})") == "p.json: commands: missing");
  CHECK(error_of(R"({"seed": -1, "commands": {}})") ==
        "p.json: seed: -1 is not a whole number >= 0");
  CHECK(error_of(R"({"jitter": {"percent": 150, "source": "x"}, "commands": {}})") ==
        "p.json: jitter: percent: 150 is not a number from 0 to 100");
  CHECK(error_of("[1, 2]") == "p.json: (top level): not a JSON object");
}

TEST_CASE("timing profile: a file that cannot be read is said so") {
  std::string error;
  CHECK_FALSE(emulator::load_timing_profile("/nonexistent/slow.json", error));
  CHECK(error ==
        "--timing /nonexistent/slow.json: not none, contact, contactless or a readable file "
        "(cannot open /nonexistent/slow.json)");
}
