// Every command buffer the response chain encodes is wiped before it is freed: while a test
// watches, each block freed is searched for a PIN-like marker (freed_blocks.hpp). Without the
// wipe the marker is found.
#include <catch2/catch.hpp>

#include "reader/pcsc/pcsc_error.hpp"
#include "reader/pcsc/response_chain.hpp"
#include "tests/unit/pcsc/freed_blocks.hpp"
#include "tests/unit/pcsc/scripted_card.hpp"

namespace {

// A value no command here holds otherwise (not hex text, not an APDU header).
constexpr std::uint8_t kPin[] = {0xA5, 0x5A, 0xC3, 0x3C, 0x96, 0x69};

// Counts the blocks freed with the PIN in them while `body` runs.
template <typename Body>
int blocks_freed_with_pin(Body body) {
  mynasim::testing::watch_freed_blocks(kPin);
  try {
    body();
  } catch (...) {
    mynasim::testing::stop_watching_freed_blocks();
    throw;
  }
  return mynasim::testing::stop_watching_freed_blocks();
}

}  // namespace

using namespace mynasim;
using mynasim::testing::bytes_of;
using mynasim::testing::ScriptedCard;

namespace {

iso7816::CommandApdu verify_command() {
  return iso7816::make_command(0x00, 0x20, 0x00, 0x80, Bytes(std::begin(kPin), std::end(kPin)));
}

iso7816::ResponseApdu run(ScriptedCard& card, const iso7816::CommandApdu& command) {
  return pcsc::transmit_chained(
      command, [&](ByteView raw) { return card.transmit(raw); }, "the card");
}

}  // namespace

TEST_CASE("command wipe: the detector sees a PIN freed unwiped", "[pcsc]") {
  // The test of the test: a plain vector with the PIN, freed as it is.
  CHECK(blocks_freed_with_pin([] {
          auto* leaked = new Bytes(std::begin(kPin), std::end(kPin));
          delete leaked;
        }) == 1);
}

TEST_CASE("command wipe: an encoded VERIFY is wiped before it is freed", "[pcsc]") {
  auto command = verify_command();
  ScriptedCard card({{"00 20 00 80 06 A5 5A C3 3C 96 69", bytes_of("90 00")}});
  CHECK(blocks_freed_with_pin([&] { CHECK(run(card, command).sw == 0x9000); }) == 0);
  CHECK(card.finished());
  secure_wipe(command.data);
}

TEST_CASE("command wipe: the 6Cxx resend's copy of a VERIFY is wiped too", "[pcsc]") {
  auto command = verify_command();
  ScriptedCard card({{"00 20 00 80 06 A5 5A C3 3C 96 69", bytes_of("6C 02")},
                     {"00 20 00 80 06 A5 5A C3 3C 96 69 02", bytes_of("63 C2")}});
  CHECK(blocks_freed_with_pin([&] { CHECK(run(card, command).sw == 0x63C2); }) == 0);
  CHECK(card.finished());
  secure_wipe(command.data);
}

TEST_CASE("command wipe: a transmit that throws (card removed) still leaves it wiped", "[pcsc]") {
  auto command = verify_command();
  CHECK(blocks_freed_with_pin([&] {
          CHECK_THROWS_AS(pcsc::transmit_chained(
                              command,
                              [](ByteView) -> Bytes {
                                throw pcsc::PcscError(pcsc::PcscErrorKind::kCardRemoved, 0,
                                                      "removed");
                              },
                              "the card"),
                          pcsc::PcscError);
        }) == 0);
  secure_wipe(command.data);
}
