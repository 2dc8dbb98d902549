// T0Card: what a host sees of the card at T=0, APDU in and bytes out (reader/emulator/t0_card.hpp
// has the rules, ISO/IEC 7816-3 §12.2 and 7816-4 §5.3.4 their reasons).
#include <catch2/catch.hpp>

#include "reader/emulator/t0_card.hpp"
#include "tests/unit/emulator/scripted_endpoint.hpp"

using namespace mynasim;
using iso7816::test::filled;
using iso7816::test::hex;
using testing::ScriptedEndpoint;

namespace {

struct Fixture {
  ScriptedEndpoint* card = nullptr;
  std::unique_ptr<emulator::T0Card> t0;
  Fixture() {
    auto scripted = std::make_unique<ScriptedEndpoint>();
    card = scripted.get();
    t0 = std::make_unique<emulator::T0Card>(std::move(scripted));
  }
  Bytes send(const std::string& command) { return t0->transmit(hex(command)); }
};

Bytes with_sw(Bytes data, const std::string& sw) {
  append(data, hex(sw));
  return data;
}

const std::string kSignCommand =
    "80 2A 00 80 33 30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20"
    " A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF";

}  // namespace

TEST_CASE("T0Card: a case-4 command answers 61 00 and its 256 bytes only through GET RESPONSE") {
  Fixture f;
  const Bytes signature = filled(256, 0x10);
  f.card->on(kSignCommand + " 00", with_sw(signature, "90 00"));
  CHECK(f.send(kSignCommand + " 00") == hex("61 00"));
  CHECK(f.send("00 C0 00 00 00") == with_sw(signature, "90 00"));
  // Nothing waits any more.
  CHECK(f.send("00 C0 00 00 00") == hex("69 85"));
}

TEST_CASE("T0Card: GET RESPONSE in pieces chains 61xx and ends with the card's status word") {
  Fixture f;
  const Bytes signature = filled(256, 0x10);
  f.card->on(kSignCommand + " 00", with_sw(signature, "90 00"));
  REQUIRE(f.send(kSignCommand + " 00") == hex("61 00"));
  CHECK(f.send("00 C0 00 00 E7") ==
        with_sw(Bytes(signature.begin(), signature.begin() + 0xE7), "61 19"));
  // Asking more than waits: 6Cxx with what is left, and it still waits.
  CHECK(f.send("00 C0 00 00 20") == hex("6C 19"));
  CHECK(f.send("00 C0 00 00 19") ==
        with_sw(Bytes(signature.begin() + 0xE7, signature.end()), "90 00"));
}

TEST_CASE(
    "T0Card: a case-4 command sent without its Le, as a T=0 terminal sends it, still answers") {
  Fixture f;
  const Bytes signature = filled(256, 0x10);
  // The card answers it with data as it is (COMPUTE DIGITAL SIGNATURE does not insist on Le).
  f.card->on(kSignCommand, with_sw(signature, "90 00"));
  CHECK(f.send(kSignCommand) == hex("61 00"));
  CHECK(f.send("00 C0 00 00 00") == with_sw(signature, "90 00"));
}

TEST_CASE("T0Card: a case-3 command the card refuses with 6700 is asked again with Le = 00") {
  Fixture f;
  // INTERNAL AUTHENTICATE insists on its Le (6700 without it).
  f.card->on("00 88 00 99 04 01 02 03 04", hex("67 00"));
  f.card->on("00 88 00 99 04 01 02 03 04 00", with_sw(filled(256), "90 00"));
  CHECK(f.send("00 88 00 99 04 01 02 03 04") == hex("61 00"));
  CHECK(f.card->received ==
        std::vector<std::string>{"00 88 00 99 04 01 02 03 04", "00 88 00 99 04 01 02 03 04 00"});
  CHECK(f.send("00 C0 00 00 00") == with_sw(filled(256), "90 00"));
}

TEST_CASE("T0Card: P3 = 00 that the card refuses as case 2 is case 1, as T=0 sends case 1") {
  Fixture f;
  // The empty VERIFY as OpenSC sends it at T=0; the card takes the 00 for an Le and refuses it.
  f.card->on("00 20 00 80 00", hex("67 00"));
  f.card->on("00 20 00 80", hex("63 C3"));
  CHECK(f.send("00 20 00 80 00") == hex("63 C3"));
  CHECK(f.card->received == std::vector<std::string>{"00 20 00 80 00", "00 20 00 80"});
  // A real case 2 with Le = 256 is answered as such.
  f.card->on("00 B0 00 00 00", with_sw(filled(256), "90 00"));
  CHECK(f.send("00 B0 00 00 00") == with_sw(filled(256), "90 00"));
}

TEST_CASE("T0Card: a case-3 or case-1 command without data in its answer is unchanged") {
  Fixture f;
  f.card->on("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", hex("90 00"));
  f.card->on("00 20 00 80", hex("63 C3"));
  f.card->on("00 20 00 80 04 31 32 33 34", hex("90 00"));
  CHECK(f.send("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01") == hex("90 00"));
  CHECK(f.send("00 20 00 80") == hex("63 C3"));
  CHECK(f.send("00 20 00 80 04 31 32 33 34") == hex("90 00"));
  // An error of a case-4 command is the error itself, not 61xx.
  f.card->on(kSignCommand + " 00", hex("69 82"));
  CHECK(f.send(kSignCommand + " 00") == hex("69 82"));
}

TEST_CASE("T0Card: a case-2 command with the wrong Le gets 6Cxx, then the right Le the data") {
  Fixture f;
  const Bytes tail = filled(0x2F, 0x40);                 // the last 47 bytes of a certificate
  f.card->on("00 B0 06 00 00", with_sw(tail, "90 00"));  // Le 00 = 256, 47 there
  f.card->on("00 B0 06 00 2F", with_sw(tail, "90 00"));
  CHECK(f.send("00 B0 06 00 00") == hex("6C 2F"));
  CHECK(f.send("00 B0 06 00 2F") == with_sw(tail, "90 00"));
  // Exactly what was asked: as it is.
  f.card->on("00 B0 00 00 04", with_sw(hex("30 82 06 2B"), "90 00"));
  CHECK(f.send("00 B0 00 00 04") == hex("30 82 06 2B 90 00"));
  // An error word has no data to count.
  f.card->on("00 B0 10 00 00", hex("6B 00"));
  CHECK(f.send("00 B0 10 00 00") == hex("6B 00"));
}

TEST_CASE("T0Card: extended lengths") {
  Fixture f;
  SECTION("more than 255 data bytes: 6700, the card never sees it") {
    std::string command = "00 2A 9E 9A 00 01 00";
    for (int i = 0; i < 256; ++i) command += " 55";
    CHECK(f.send(command) == hex("67 00"));
    CHECK(f.card->received.empty());
  }
  SECTION("an extended Le: the whole answer through 61xx and GET RESPONSE") {
    const Bytes object = filled(300);
    f.card->on("00 CA 7F 21 00 00 00", with_sw(object, "90 00"));
    CHECK(f.send("00 CA 7F 21 00 00 00") == hex("61 00"));
    CHECK(f.send("00 C0 00 00 00") ==
          with_sw(Bytes(object.begin(), object.begin() + 256), "61 2C"));
    CHECK(f.send("00 C0 00 00 2C") == with_sw(Bytes(object.begin() + 256, object.end()), "90 00"));
  }
}

TEST_CASE("T0Card: GET RESPONSE's own errors, and what drops the waiting data") {
  Fixture f;
  f.card->on(kSignCommand + " 00", with_sw(filled(256), "90 00"));
  REQUIRE(f.send(kSignCommand + " 00") == hex("61 00"));
  CHECK(f.send("00 C0 01 00 00") == hex("6A 86"));
  CHECK(f.send("00 C0 00 00") == hex("67 00"));
  SECTION("another command") {
    f.card->on("00 84 00 00 08", with_sw(filled(8), "90 00"));
    CHECK(f.send("00 84 00 00 08") == with_sw(filled(8), "90 00"));
    CHECK(f.send("00 C0 00 00 00") == hex("69 85"));
  }
  SECTION("a reset") {
    f.t0->reset();
    CHECK(f.send("00 C0 00 00 00") == hex("69 85"));
  }
  SECTION("a power cycle") {
    f.t0->power_off();
    f.t0->power_on();
    CHECK(f.send("00 C0 00 00 00") == hex("69 85"));
    CHECK(f.card->events == std::vector<std::string>{"power_off", "power_on"});
  }
  // GET RESPONSE never reaches the card.
  for (const auto& command : f.card->received) CHECK(command.substr(0, 5) != "00 C0");
}

TEST_CASE("T0Card: the ATR offers T=0 only") {
  Fixture f;
  CHECK(f.t0->atr() == hex("3B 60 00 FF"));
}
