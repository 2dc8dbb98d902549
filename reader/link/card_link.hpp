// The card side of a reader connection: connect, say hello, then answer every frame the reader
// sends by calling the CardEndpoint, until the reader hangs up or we are told to stop (which
// closes the connection: the card leaves the reader). Two dialects:
//  - mynasim's driver (libifd-mynasim.so): Unix socket, 4-byte frames, handshake
//    (reader/PROTOCOL.md);
//  - vsmartcard's vpcd: TCP, 2-byte frames, no handshake; TCP_NODELAY, TCP_QUICKACK on every read.
#pragma once

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
  };
  Kind kind;
  std::string message;
};

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
// Serve until the end. Closes nothing: the caller owns the connection.
LinkOutcome serve_driver(int fd, CardEndpoint& card, const StopSignal& stop);
LinkOutcome serve_vpcd(int fd, CardEndpoint& card, const StopSignal& stop);

}  // namespace mynasim::reader
