// libFuzzer target for the card side of the reader socket (reader/link/card_link.cpp and the
// framing of reader/link/wire.cpp): whatever a reader sends, the card side answers frame by frame
// or stops with a reason, and never hangs or crashes. The input is the reader's whole stream on a
// socketpair, behind one byte that picks the dialect:
//   bit 0 clear: mynasim's driver (4-byte frames): the hello and the driver's welcome or refusal
//                (greet_driver), then serve_driver;
//   bit 0 set:   vpcd (2-byte frames, no handshake): serve_vpcd.
// Beyond the sanitizers' findings, a broken invariant aborts:
//   - serving ends because the stream ended or broke the protocol, never as "stopped";
//   - what the card side wrote back is, frame by frame, the hello (driver dialect) and then
//     exactly the answers the card gave, in order (the ATR for a GET ATR, the response for an
//     APDU, 6F00 for a mute card), and nothing else.
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "reader/link/card_endpoint.hpp"
#include "reader/link/card_link.hpp"
#include "reader/link/wire.hpp"

namespace {

using namespace mynasim;
using namespace mynasim::reader;

void require(bool condition) {
  if (!condition) std::abort();
}

// Input and answers (up to 11 bytes per 3-byte vpcd frame) must fit what a socketpair buffers
// without a reader (about 200 KB), or a write would block.
constexpr std::size_t kMaxStream = 32 * 1024;

// A card that answers every APDU with a few bytes derived from it (or nothing: a mute card, for
// commands starting with FF), and remembers what it answered.
class RecordingCard final : public CardEndpoint {
 public:
  Bytes atr() override { return remember({0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14}); }
  void power_on() override {}
  void reset() override {}
  void power_off() override {}
  Bytes transmit(ByteView command) override {
    if (command[0] == 0xFF) {
      answers_.push_back({0x6F, 0x00});
      return {};
    }
    return remember(
        {command[command.size() - 1], static_cast<std::uint8_t>(command.size()), 0x90, 0x00});
  }
  const std::vector<Bytes>& answers() const { return answers_; }

 private:
  Bytes remember(Bytes answer) {
    answers_.push_back(answer);
    return answer;
  }
  std::vector<Bytes> answers_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > kMaxStream + 1) return -1;
  const bool vpcd = (data[0] & 1) != 0;
  int fds[2];
  require(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
  const int card_fd = fds[0], reader_fd = fds[1];
  for (std::size_t at = 1; at < size;) {
    const ssize_t n = write(reader_fd, data + at, size - at);
    require(n > 0);
    at += static_cast<std::size_t>(n);
  }
  shutdown(reader_fd, SHUT_WR);  // the reader has said everything: EOF after the input

  RecordingCard card;
  StopSignal stop;
  std::vector<Bytes> expected;
  if (vpcd) {
    const LinkOutcome outcome = serve_vpcd(card_fd, card, stop);
    require(outcome.kind == LinkOutcome::Kind::kPeerClosed ||
            outcome.kind == LinkOutcome::Kind::kFailed);
  } else {
    expected.push_back(wire::hello());
    const auto refused = greet_driver(card_fd);
    if (!refused) {
      const LinkOutcome outcome = serve_driver(card_fd, card, stop);
      require(outcome.kind == LinkOutcome::Kind::kPeerClosed ||
              outcome.kind == LinkOutcome::Kind::kFailed);
    } else {
      require(refused->kind == LinkOutcome::Kind::kRefused ||
              refused->kind == LinkOutcome::Kind::kFailed);
      require(card.answers().empty());
    }
  }
  expected.insert(expected.end(), card.answers().begin(), card.answers().end());
  close(card_fd);

  // What reached the reader: the frames written, in order, and then the end of the stream.
  const wire::FrameChannel back(reader_fd, vpcd ? 2 : 4, wire::kMaxPayload);
  for (const Bytes& answer : expected) {
    Bytes frame;
    require(back.read(frame, 1000) == wire::Io::kOk && frame == answer);
  }
  Bytes extra;
  require(back.read(extra, 1000) == wire::Io::kClosed);
  close(reader_fd);
  return 0;
}
