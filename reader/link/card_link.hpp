// The card side of a reader connection: connect, say hello, then answer every frame the reader
// sends by calling the CardEndpoint, until the reader hangs up or we are told to stop (which
// closes the connection: the card leaves the reader). Two dialects:
//  - mynasim's driver (libifd-mynasim.so): Unix socket, 4-byte frames, handshake
//    (reader/PROTOCOL.md);
//  - vsmartcard's vpcd: TCP, 2-byte frames, no handshake; TCP_NODELAY, TCP_QUICKACK on every read.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "reader/link/card_endpoint.hpp"
#include "reader/link/stop_signal.hpp"

namespace mynasim::reader {

struct LinkOutcome {
  enum class Kind {
    kStopped,     // stop was signalled; we closed the connection
    kPeerClosed,  // the reader went away (pcscd ended, or refused us after the handshake)
    kRefused,     // the reader turned us down (slot occupied, version); message says why
    kFailed,      // could not connect, or the reader broke the protocol; message says how
    kCardLeft,    // an injected fault took the card out (Exchange::kRemove*); we hang up
  };
  Kind kind;
  std::string message;
  int reinsert_ms = -1;  // with kCardLeft: put the card back after this long; -1: it stays out
};

// Warm-resets the card as another program would, through pcscd (SCardReconnect with
// SCARD_RESET_CARD), so that every other PC/SC handle's next call gets SCARD_W_RESET_CARD: no
// reader driver can cause that (reader/PROTOCOL.md, Faults). reader/stack implements it.
class ResetRequester {
 public:
  virtual ~ResetRequester() = default;
  // Starts the reset and returns once pcscd has announced it to every handle, or at once with
  // why it cannot happen; the reset's power frames reach the card later, while the link serves.
  // "" when announced.
  virtual std::string request_reset() = 0;
};

// Where the link says what it could not do as asked (a fault the dialect cannot show).
using LinkNote = std::function<void(const std::string&)>;

// A connected socket that closes itself.
class Connection {
 public:
  Connection() = default;
  explicit Connection(int fd) : fd_(fd) {}
  ~Connection();
  Connection(Connection&& other) noexcept : fd_(other.release()) {}
  Connection& operator=(Connection&& other) noexcept;
  int fd() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Connects to the driver's socket, retrying while it does not exist yet or refuses (pcscd still
// starting), for up to timeout_ms or until stop. On failure returns an empty Connection and sets
// error.
Connection connect_unix(const std::string& path, int timeout_ms, const StopSignal& stop,
                        std::string& error);
// Connects to vpcd; sets TCP_NODELAY.
Connection connect_tcp(const std::string& host, const std::string& port, std::string& error);

// The handshake with our driver: nullopt once the reader has accepted the card (it is then
// inserted), else why not (kRefused or kFailed).
std::optional<LinkOutcome> greet_driver(int fd);
// Serve until the end. Closes nothing: the caller owns the connection. What each Exchange kind
// does on the wire: reader/PROTOCOL.md, "Faults". `resetter` may be null (then a reset fault is
// answered without the reset, and `note` says so).
LinkOutcome serve_driver(int fd, CardEndpoint& card, const StopSignal& stop,
                         ResetRequester* resetter = nullptr, const LinkNote& note = {});
// vpcd has no mute answer and no way to reset: a mute card is removed instead, a reset is
// skipped; `note` says so each time.
LinkOutcome serve_vpcd(int fd, CardEndpoint& card, const StopSignal& stop,
                       const LinkNote& note = {});

}  // namespace mynasim::reader
