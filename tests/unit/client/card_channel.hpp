// The in-process test card behind the client's Channel interface, recording every command it is
// sent as a trace line (secrets masked), so tests assert the client's exact APDUs.
#pragma once

#include <string>
#include <vector>

#include "card/test_card.hpp"
#include "iso7816/bytes.hpp"
#include "iso7816/trace.hpp"
#include "reader/client/channel.hpp"

namespace mynasim::testing {

class CardChannel final : public client::Channel {
 public:
  explicit CardChannel(TestCard& card) : card_(card) {}
  iso7816::ResponseApdu transmit(const iso7816::CommandApdu& command) override {
    const Bytes raw = *iso7816::build_command(command);
    sent.push_back(iso7816::describe_command(raw));
    return *iso7816::parse_response(card_.transmit(raw));
  }
  std::vector<std::string> sent;

 private:
  TestCard& card_;
};

}  // namespace mynasim::testing
