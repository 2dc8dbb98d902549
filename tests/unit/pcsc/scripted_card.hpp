// A card as a script for the response chain's transmit callback: each exchange names the exact
// command expected (hex) and the raw answer given, so a test asserts every APDU sent.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "iso7816/bytes.hpp"

namespace mynasim::testing {

class ScriptedCard {
 public:
  struct Exchange {
    std::string command;  // "00 C0 00 00 10"
    Bytes answer;
  };
  explicit ScriptedCard(std::vector<Exchange> script) : script_(std::move(script)) {}

  Bytes transmit(ByteView command) {
    sent.push_back(to_hex(command));
    REQUIRE(next_ < script_.size());
    CHECK(sent.back() == script_[next_].command);
    return script_[next_++].answer;
  }
  bool finished() const { return next_ == script_.size(); }
  std::vector<std::string> sent;

 private:
  std::vector<Exchange> script_;
  std::size_t next_ = 0;
};

inline Bytes bytes_of(std::string_view text) {
  Bytes out;
  INFO("hex literal: " << text);
  REQUIRE(from_hex(text, out));
  return out;
}

}  // namespace mynasim::testing
