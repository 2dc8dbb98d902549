// GET RESPONSE / 6Cxx handling over a scripted card: the exact APDUs sent, the data and status
// word returned, and the bounds that stop a card which never ends its chain.
#include "reader/pcsc/response_chain.hpp"

#include <catch2/catch.hpp>

#include "reader/pcsc/pcsc_error.hpp"
#include "tests/unit/pcsc/scripted_card.hpp"

using namespace mynasim;
using mynasim::testing::bytes_of;
using mynasim::testing::ScriptedCard;
using pcsc::PcscErrorKind;

namespace {

const std::string kCard = "the card in 'Test Reader 00 00'";

iso7816::ResponseApdu run(ScriptedCard& card, const iso7816::CommandApdu& command,
                          const pcsc::ResponseChainLimits& limits = {}) {
  return pcsc::transmit_chained(
      command, [&](ByteView raw) { return card.transmit(raw); }, kCard, limits);
}

Bytes filled(std::size_t size, std::uint8_t value) {
  return Bytes(size, value);
}

Bytes with_sw(Bytes data, std::uint16_t sw) {
  data.push_back(static_cast<std::uint8_t>(sw >> 8));
  data.push_back(static_cast<std::uint8_t>(sw));
  return data;
}

const iso7816::CommandApdu kReadBinary = iso7816::make_command(0x00, 0xB0, 0x00, 0x00, {}, 256);

}  // namespace

TEST_CASE("response chain: a plain answer is one exchange", "[pcsc]") {
  ScriptedCard card({{"00 B0 00 00 00", bytes_of("01 02 03 90 00")}});
  const auto response = run(card, kReadBinary);
  CHECK(to_hex(response.data) == "01 02 03");
  CHECK(response.sw == 0x9000);
  CHECK(card.finished());
}

TEST_CASE("response chain: 61xx is collected with GET RESPONSE of that length", "[pcsc]") {
  ScriptedCard card({
      {"00 B0 00 00 00", bytes_of("01 02 61 03")},
      {"00 C0 00 00 03", bytes_of("03 04 05 61 02")},
      {"00 C0 00 00 02", bytes_of("06 07 90 00")},
  });
  const auto response = run(card, kReadBinary);
  CHECK(to_hex(response.data) == "01 02 03 04 05 06 07");
  CHECK(response.sw == 0x9000);
  CHECK(card.finished());
}

TEST_CASE("response chain: 61 00 asks for 256 bytes (Le 00)", "[pcsc]") {
  ScriptedCard card({
      {"80 2A 00 80 02 AA BB 00", bytes_of("61 00")},
      {"00 C0 00 00 00", with_sw(filled(256, 0x5A), 0x9000)},
  });
  const auto response = run(card, iso7816::make_command(0x80, 0x2A, 0x00, 0x80, {0xAA, 0xBB}, 256));
  CHECK(response.data == filled(256, 0x5A));
  CHECK(response.sw == 0x9000);
  CHECK(card.finished());
}

TEST_CASE("response chain: the chain ends with the card's error word and the data so far",
          "[pcsc]") {
  ScriptedCard card({
      {"00 B0 00 00 00", bytes_of("01 61 04")},
      {"00 C0 00 00 04", bytes_of("6F 00")},
  });
  const auto response = run(card, kReadBinary);
  CHECK(to_hex(response.data) == "01");
  CHECK(response.sw == 0x6F00);
}

TEST_CASE("response chain: 6Cxx resends the same command once with Le = xx", "[pcsc]") {
  ScriptedCard card({
      {"00 B0 00 00 00", bytes_of("6C 11")},
      {"00 B0 00 00 11", with_sw(filled(17, 0x31), 0x9000)},
  });
  const auto response = run(card, kReadBinary);
  CHECK(response.data == filled(17, 0x31));
  CHECK(response.sw == 0x9000);
  CHECK(card.finished());
}

TEST_CASE("response chain: 6C 00 resends with Le 00 (256), then follows a 61xx chain", "[pcsc]") {
  ScriptedCard card({
      {"00 CA 01 00", bytes_of("6C 00")},
      {"00 CA 01 00 00", bytes_of("01 61 01")},
      {"00 C0 00 00 01", bytes_of("02 90 00")},
  });
  const auto response = run(card, iso7816::make_command(0x00, 0xCA, 0x01, 0x00));
  CHECK(to_hex(response.data) == "01 02");
  CHECK(response.sw == 0x9000);
  CHECK(card.finished());
}

TEST_CASE("response chain: a second 6Cxx is the answer (no third try)", "[pcsc]") {
  ScriptedCard card({
      {"00 B0 00 00 00", bytes_of("6C 11")},
      {"00 B0 00 00 11", bytes_of("6C 12")},
  });
  const auto response = run(card, kReadBinary);
  CHECK(response.data.empty());
  CHECK(response.sw == 0x6C12);
  CHECK(card.sent.size() == 2);
}

TEST_CASE("response chain: a card answering 61xx forever ends with kBadResponse", "[pcsc]") {
  std::vector<ScriptedCard::Exchange> script = {{"00 B0 00 00 00", bytes_of("61 01")}};
  for (int i = 0; i < 256; ++i) script.push_back({"00 C0 00 00 01", bytes_of("AA 61 01")});
  ScriptedCard card(script);
  try {
    run(card, kReadBinary);
    FAIL("the chain did not end");
  } catch (const pcsc::PcscError& e) {
    CHECK(e.kind() == PcscErrorKind::kBadResponse);
    CHECK(std::string(e.what()) ==
          "the card in 'Test Reader 00 00' still answered 61xx after 256 GET RESPONSE commands");
  }
  CHECK(card.sent.size() == 257);  // the command and 256 GET RESPONSE, none more
}

TEST_CASE("response chain: more data than the limit ends with kBadResponse", "[pcsc]") {
  ScriptedCard card({
      {"00 B0 00 00 00", bytes_of("61 00")},
      {"00 C0 00 00 00", with_sw(filled(256, 1), 0x6100)},
      {"00 C0 00 00 00", with_sw(filled(256, 2), 0x6100)},
  });
  pcsc::ResponseChainLimits limits;
  limits.max_data = 300;
  try {
    run(card, kReadBinary, limits);
    FAIL("the chain passed its size limit");
  } catch (const pcsc::PcscError& e) {
    CHECK(e.kind() == PcscErrorKind::kBadResponse);
    CHECK(std::string(e.what()) ==
          "the card in 'Test Reader 00 00' answered more than 300 bytes through GET RESPONSE");
  }
  CHECK(card.finished());
}

TEST_CASE("response chain: the default bounds take a full 64 KiB chain of 256-byte parts",
          "[pcsc]") {
  std::vector<ScriptedCard::Exchange> script = {{"00 B0 00 00 00", bytes_of("61 00")}};
  for (int i = 0; i < 255; ++i)
    script.push_back(
        {"00 C0 00 00 00", with_sw(filled(256, static_cast<std::uint8_t>(i)), 0x6100)});
  script.push_back({"00 C0 00 00 00", with_sw(filled(256, 0xFF), 0x9000)});
  ScriptedCard card(script);
  const auto response = run(card, kReadBinary);
  CHECK(response.data.size() == 65536);
  CHECK(response.sw == 0x9000);
  CHECK(card.finished());
}

TEST_CASE("response chain: an answer without a status word is kBadResponse", "[pcsc]") {
  ScriptedCard card({{"00 B0 00 00 00", bytes_of("90")}});
  try {
    run(card, kReadBinary);
    FAIL("one byte taken as an answer");
  } catch (const pcsc::PcscError& e) {
    CHECK(e.kind() == PcscErrorKind::kBadResponse);
    CHECK(std::string(e.what()) ==
          "the card in 'Test Reader 00 00' answered without a status word");
  }
}

TEST_CASE("response chain: a command that cannot be encoded is kOther, nothing sent", "[pcsc]") {
  ScriptedCard card({});
  iso7816::CommandApdu too_long = iso7816::make_command(0x00, 0xD6, 0x00, 0x00, Bytes(65536, 0));
  try {
    run(card, too_long);
    FAIL("an unencodable command was sent");
  } catch (const pcsc::PcscError& e) {
    CHECK(e.kind() == PcscErrorKind::kOther);
  }
  CHECK(card.sent.empty());
}
