// The framing both ends of the reader socket share (reader/PROTOCOL.md): a big-endian length of 4
// bytes (our driver) or 2 bytes (vsmartcard's vpcd), then the payload. Plain POSIX, no
// exceptions: this file is compiled into libifd-mynasim.so, which lives inside pcscd.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mynasim::reader::wire {

// Handshake: the card sends kMagic + its version; the driver answers kMagic + the version it
// accepts, or kMagic + 00 + a reason in UTF-8, and closes.
inline constexpr std::uint8_t kMagic[4] = {'M', 'Y', 'N', 'A'};
inline constexpr std::uint8_t kVersion = 2;
inline constexpr std::size_t kHelloSize = sizeof(kMagic) + 1;

// One-byte payloads from the driver, as in vpcd. Only kGetAtr is answered.
inline constexpr std::uint8_t kPowerOff = 0x00;
inline constexpr std::uint8_t kPowerOn = 0x01;
inline constexpr std::uint8_t kReset = 0x02;
inline constexpr std::uint8_t kGetAtr = 0x04;

// A one-byte answer from the card to a command APDU (version 2): "mute", the card sends nothing.
// The driver then waits out the reader's timeout and fails the command (PROTOCOL.md, Faults);
// the frame keeps both ends in step. 0xFE as CCID's bError ICC_MUTE.
inline constexpr std::uint8_t kMute = 0xFE;

// pcsc-lite's MAX_BUFFER_SIZE_EXTENDED: 4 + 3 + 65,536 + 3 + 2. Covers the longest command
// (extended Lc and Le, 65,536 data bytes) and the longest response (65,536 data bytes + SW).
inline constexpr std::size_t kMaxPayload = 4 + 3 + (1u << 16) + 3 + 2;
inline constexpr std::size_t kMaxAtr = 33;  // MAX_ATR_SIZE

enum class Io {
  kOk,
  kClosed,    // the peer closed the connection (at a frame boundary or inside one)
  kTimeout,   // nothing (more) arrived in time
  kTooLarge,  // a length prefix above the limit, or 0: the stream cannot be trusted any more
  kError,     // a system call failed; errno says why
};

const char* describe(Io io);

// CLOCK_MONOTONIC in milliseconds, for deadlines.
long long monotonic_ms();

// A connected stream socket carrying frames. Does not own the descriptor.
class FrameChannel {
 public:
  // header_bytes: 4 (our protocol) or 2 (vpcd). quickack: set TCP_QUICKACK before every read, the
  // workaround for peers that split a frame over two send() calls without TCP_NODELAY.
  FrameChannel(int fd, std::size_t header_bytes, std::size_t max_payload, bool quickack = false)
      : fd_(fd), header_bytes_(header_bytes), max_payload_(max_payload), quickack_(quickack) {}

  // timeout_ms < 0 waits forever; the timeout covers the whole frame.
  Io read(std::vector<std::uint8_t>& payload, int timeout_ms) const;
  // Header and payload leave in one sendmsg(), never raising SIGPIPE.
  Io write(const std::uint8_t* payload, std::size_t size) const;
  Io write(const std::vector<std::uint8_t>& payload) const {
    return write(payload.data(), payload.size());
  }

  int fd() const { return fd_; }

 private:
  Io read_exact(std::uint8_t* data, std::size_t size, long long deadline_ms) const;

  int fd_;
  std::size_t header_bytes_;
  std::size_t max_payload_;
  bool quickack_;
};

// Builds the hello (card -> driver) and the welcome/refusal (driver -> card).
std::vector<std::uint8_t> hello(std::uint8_t version = kVersion);
// True if payload starts with kMagic and has at least the version byte.
bool is_handshake(const std::vector<std::uint8_t>& payload);

}  // namespace mynasim::reader::wire
