// libFuzzer target for the driver side of the reader socket (reader/ifd/slot.cpp, the code inside
// pcscd, and the framing of reader/link/wire.cpp): whatever a card program sends, the slot accepts
// it only after a valid hello, reads the ATR and the responses frame by frame, and otherwise drops
// the card; it never hangs, crashes or keeps a descriptor. The input is the card program's whole
// stream: a client connects to the slot's socket, writes it and closes its sending side; the slot
// then accepts (present), powers up (GET ATR) and transmits up to 16 commands.
// Beyond the sanitizers' findings, a broken invariant aborts:
//   - the slot holds the card only if the stream starts with a hello of our version;
//   - every ATR and response the slot returns is, in order, the next frame of the stream (an ATR
//     of 2..33 bytes, a response of at least 2), read with the 4-byte framing;
//   - once the client has gone, the slot notices and is empty again.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "reader/ifd/slot.hpp"
#include "reader/link/wire.hpp"

namespace {

using namespace mynasim::reader;

void require(bool condition) {
  if (!condition) std::abort();
}

// The socket buffers the whole input before the slot reads any of it.
constexpr std::size_t kMaxStream = 32 * 1024;
constexpr int kCommands = 16;

std::string socket_path;
std::unique_ptr<ifd::Slot> slot;

// The frames of `data` as the 4-byte framing reads them, up to the first that is incomplete or
// has an impossible length.
std::vector<std::vector<std::uint8_t>> frames_of(const std::uint8_t* data, std::size_t size) {
  std::vector<std::vector<std::uint8_t>> frames;
  std::size_t at = 0;
  while (size - at >= 4) {
    const std::size_t length = (std::size_t{data[at]} << 24) | (std::size_t{data[at + 1]} << 16) |
                               (std::size_t{data[at + 2]} << 8) | data[at + 3];
    if (length == 0 || length > wire::kMaxPayload || size - at - 4 < length) break;
    frames.emplace_back(data + at + 4, data + at + 4 + length);
    at += 4 + length;
  }
  return frames;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* tmp = std::getenv("TMPDIR");
  socket_path = std::string(tmp && *tmp ? tmp : "/tmp") + "/mynasim-fuzz-slot-" +
                std::to_string(getpid()) + ".sock";
  std::string error;
  slot = ifd::Slot::open(socket_path, error);
  require(slot != nullptr);
  std::atexit([] { slot.reset(); });  // unlinks the socket
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > kMaxStream) return -1;
  const int card = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  require(card >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  require(connect(card, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  for (std::size_t at = 0; at < size;) {
    const ssize_t n = write(card, data + at, size - at);
    require(n > 0);
    at += static_cast<std::size_t>(n);
  }
  shutdown(card, SHUT_WR);

  const auto frames = frames_of(data, size);
  const bool valid_hello = !frames.empty() && wire::is_handshake(frames[0]) &&
                           frames[0][sizeof wire::kMagic] == wire::kVersion;
  const bool inserted = slot->present();
  require(inserted == valid_hello);
  if (inserted) {
    std::size_t next = 1;
    std::vector<std::uint8_t> atr;
    const ifd::Result powered = slot->power_up(false, atr);
    if (powered == ifd::Result::kOk) {
      require(next < frames.size() && atr == frames[next] && atr.size() >= 2 &&
              atr.size() <= wire::kMaxAtr && slot->atr() == atr);
      ++next;
      const std::uint8_t select[] = {0x00, 0xA4, 0x04, 0x0C, 0x02, 0xD3, 0x92};
      for (int i = 0; i < kCommands; ++i) {
        std::vector<std::uint8_t> response;
        const ifd::Result r = slot->transmit(select, sizeof select, /*t1=*/true, response);
        if (r != ifd::Result::kOk) break;
        require(next < frames.size() && response == frames[next] && response.size() >= 2);
        ++next;
      }
      slot->power_down();
    }
  }
  close(card);
  // The card has gone: the slot notices, retires the connection and is empty again.
  require(!slot->present());
  slot->wait_for_event(0);
  return 0;
}
