#include "tools/mynasim/forwarded_card.hpp"

namespace mynasim::tools {

namespace wire = reader::wire;

ForwardedCard::ForwardedCard(int fd) : channel_(fd, 4, wire::kMaxPayload) {}

Bytes ForwardedCard::ask(ByteView request) {
  Bytes answer;
  if (channel_.write(request.data(), request.size()) != wire::Io::kOk) return {};
  // No timeout: a real card may think for seconds (the driver gives up after 60 s on its own).
  if (channel_.read(answer, -1) != wire::Io::kOk) return {};
  return answer;
}

void ForwardedCard::tell(std::uint8_t code) {
  channel_.write(&code, 1);
}

Bytes ForwardedCard::atr() {
  const std::uint8_t request = wire::kGetAtr;
  return ask({&request, 1});
}

void ForwardedCard::power_on() {
  tell(wire::kPowerOn);
}

void ForwardedCard::reset() {
  tell(wire::kReset);
}

void ForwardedCard::power_off() {
  tell(wire::kPowerOff);
}

Bytes ForwardedCard::transmit(ByteView command) {
  return ask(command);
}

}  // namespace mynasim::tools
