// Where a client sends its APDUs: a PC/SC card connection, optionally traced. The client layer
// (JpkiAp, ...) talks only to this interface, so it works with any card in any reader.
#pragma once

#include <cstdio>
#include <functional>

#include "iso7816/apdu.hpp"
#include "reader/pcsc/context.hpp"

namespace mynasim::client {

class Channel {
 public:
  virtual ~Channel() = default;
  virtual iso7816::ResponseApdu transmit(const iso7816::CommandApdu& command) = 0;
};

// A card connection as a Channel. With a trace sink, every exchange is reported as one line per
// direction, decoded by name, secrets masked (iso7816/trace.hpp).
class PcscChannel final : public Channel {
 public:
  using TraceSink = std::function<void(const std::string& line)>;
  explicit PcscChannel(pcsc::CardConnection& card, TraceSink trace = nullptr)
      : card_(card), trace_(std::move(trace)) {}
  iso7816::ResponseApdu transmit(const iso7816::CommandApdu& command) override;

 private:
  pcsc::CardConnection& card_;
  TraceSink trace_;
};

}  // namespace mynasim::client
