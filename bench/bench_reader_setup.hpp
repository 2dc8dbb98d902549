// What bench_reader puts behind the readers: a test card issued by `mynasim issue-test-card`
// (the program this build made), and an echo card that answers at once, the floor; and the
// checked exchange bench_reader and bench_relay time.
#pragma once

#include <memory>
#include <string>

#include "iso7816/bytes.hpp"
#include "reader/link/card_endpoint.hpp"
#include "reader/pcsc/context.hpp"

namespace mynasim::bench {

// The test card's PIN (`mynasim issue-test-card` default).
inline constexpr const char* kTestCardPin = "1234";

// Runs `mynasim issue-test-card --out IMAGE`; throws std::runtime_error saying what failed.
void issue_test_card_image(const std::string& image);

// Sends `command` and insists on `length` bytes ending in 9000 (a benchmark of errors is none);
// throws std::runtime_error naming `what` and the reader otherwise.
void exchange(pcsc::CardConnection& card, ByteView command, std::size_t length, const char* what);

// A card that does nothing: every command is parsed and answered from a fixed 256-byte buffer
// (cut to Ne) with 9000, the same work floors.hpp's echo_dispatch does. It reports the ATR it is
// given, so pcscd negotiates the same protocol for it as for the real card.
class EchoCard final : public reader::CardEndpoint {
 public:
  explicit EchoCard(Bytes atr);
  Bytes atr() override { return atr_; }
  void power_on() override {}
  void reset() override {}
  void power_off() override {}
  Bytes transmit(ByteView command) override;

 private:
  Bytes atr_;
  Bytes answer_;
};

}  // namespace mynasim::bench
