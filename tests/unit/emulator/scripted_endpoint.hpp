// A card below the decorators under test: answers from a script (command hex -> response hex),
// 6D00 to anything else, and records every command it was given and every power event.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reader/link/card_endpoint.hpp"
#include "tests/unit/iso7816/test_support.hpp"

namespace mynasim::testing {

class ScriptedEndpoint final : public reader::CardEndpoint {
 public:
  explicit ScriptedEndpoint(Bytes atr = iso7816::test::hex("3B E0 00 FF 81 31 FE 45 14"))
      : atr_(std::move(atr)) {}

  // `command` in hex is answered with `response` in hex.
  void on(const std::string& command, const Bytes& response) {
    script_[to_hex(iso7816::test::hex(command))] = response;
  }

  Bytes atr() override { return atr_; }
  void power_on() override { events.push_back("power_on"); }
  void reset() override { events.push_back("reset"); }
  void power_off() override { events.push_back("power_off"); }
  Bytes transmit(ByteView command) override {
    received.push_back(to_hex(command));
    const auto found = script_.find(to_hex(command));
    return found == script_.end() ? Bytes{0x6D, 0x00} : found->second;
  }

  std::vector<std::string> received;  // hex, as to_hex writes it
  std::vector<std::string> events;

 private:
  Bytes atr_;
  std::map<std::string, Bytes> script_;
};

}  // namespace mynasim::testing
