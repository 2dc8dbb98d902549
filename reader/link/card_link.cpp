#include "reader/link/card_link.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "reader/link/wire.hpp"

namespace mynasim::reader {
namespace {

constexpr int kHandshakeTimeoutMs = 5000;
constexpr std::size_t kVpcdMaxPayload = 0xFFFF;

enum class Dialect { kDriver, kVpcd };

struct Serving {
  Dialect dialect;
  CardEndpoint& card;
  ResetRequester* resetter;
  const LinkNote& note;
  void say(const std::string& text) const {
    if (note) note(text);
  }
};

// A power event from the reader; true (and `reply`) when it is answered (get ATR).
bool power_event(CardEndpoint& card, std::uint8_t code, Bytes& reply) {
  switch (code) {
    case wire::kPowerOff:
      card.power_off();
      return false;
    case wire::kPowerOn:
      card.power_on();
      return false;
    case wire::kReset:
      card.reset();
      return false;
    case wire::kGetAtr:
      reply = card.atr();
      return true;
    default:
      return false;  // unknown control codes are ignored (PROTOCOL.md)
  }
}

// A card with nothing to say still has to answer the frame; 6F00: "no precise diagnosis".
Bytes checked(Bytes response) {
  if (response.size() < 2) return {0x6F, 0x00};
  return response;
}

LinkOutcome card_left(const char* why, int reinsert_ms) {
  std::string message = std::string("the card left the reader: ") + why;
  if (reinsert_ms >= 0) message += "; back in " + std::to_string(reinsert_ms) + " ms";
  return {LinkOutcome::Kind::kCardLeft, message, reinsert_ms};
}

// One command APDU: what the card (or a decorator) decided, done on the wire. nullopt while
// serving goes on.
std::optional<LinkOutcome> command(const wire::FrameChannel& channel, const Serving& serving,
                                   const Bytes& request) {
  Exchange exchange = serving.card.exchange(request);
  Bytes reply;
  bool leave_after = false;
  switch (exchange.kind) {
    case Exchange::Kind::kAnswer:
      reply = checked(std::move(exchange.response));
      break;
    case Exchange::Kind::kMute:
      if (serving.dialect == Dialect::kVpcd) {
        serving.say(
            "a mute card cannot be shown through vpcd (its driver waits for ever and "
            "would hang pcscd): the card is removed instead");
        return card_left("mute (vpcd: removed instead)", -1);
      }
      reply = {wire::kMute};
      break;
    case Exchange::Kind::kRemove:
      return card_left("removed during a command", exchange.reinsert_ms);
    case Exchange::Kind::kAnswerThenRemove:
      reply = checked(std::move(exchange.response));
      leave_after = true;
      break;
    case Exchange::Kind::kAnswerThenReset:
      reply = checked(std::move(exchange.response));
      // Announced before the answer leaves, so the client's next call already sees it.
      if (serving.dialect == Dialect::kVpcd)
        serving.say("a reset cannot be caused through vpcd: answered without it");
      else if (!serving.resetter)
        serving.say("no PC/SC stack to reset the card through: answered without the reset");
      else if (const std::string why = serving.resetter->request_reset(); !why.empty())
        serving.say("the card could not be reset: " + why);
      break;
  }
  const wire::Io out = channel.write(reply);
  if (out == wire::Io::kClosed)
    return LinkOutcome{LinkOutcome::Kind::kPeerClosed, "the reader closed"};
  if (out != wire::Io::kOk) return LinkOutcome{LinkOutcome::Kind::kFailed, wire::describe(out)};
  // A Unix socket delivers what was written before the hang-up: the driver reads the answer,
  // then sees the card gone.
  if (leave_after) return card_left("removed after a command", exchange.reinsert_ms);
  return std::nullopt;
}

LinkOutcome serve(const wire::FrameChannel& channel, const Serving& serving,
                  const StopSignal& stop) {
  Bytes request, reply;
  for (;;) {
    pollfd fds[2] = {{channel.fd(), POLLIN, 0}, {stop.fd(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return {LinkOutcome::Kind::kFailed, std::string("poll: ") + std::strerror(errno)};
    }
    if (fds[1].revents & POLLIN) return {LinkOutcome::Kind::kStopped, {}};
    const wire::Io in = channel.read(request, -1);
    if (in == wire::Io::kClosed) return {LinkOutcome::Kind::kPeerClosed, "the reader closed"};
    if (in != wire::Io::kOk) return {LinkOutcome::Kind::kFailed, wire::describe(in)};
    if (request.size() == 1) {
      if (!power_event(serving.card, request[0], reply)) continue;
      const wire::Io out = channel.write(reply);
      if (out == wire::Io::kClosed) return {LinkOutcome::Kind::kPeerClosed, "the reader closed"};
      if (out != wire::Io::kOk) return {LinkOutcome::Kind::kFailed, wire::describe(out)};
      continue;
    }
    std::optional<LinkOutcome> end = command(channel, serving, request);
    secure_wipe(request);  // it may have carried a PIN
    if (end) return *end;
  }
}

}  // namespace

Connection::~Connection() {
  if (fd_ >= 0) close(fd_);
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Connection connect_unix(const std::string& path, int timeout_ms, const StopSignal& stop,
                        std::string& error) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    error = "socket path " + path + " is longer than " +
            std::to_string(sizeof address.sun_path - 1) + " bytes";
    return {};
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const long long deadline = wire::monotonic_ms() + timeout_ms;
  for (;;) {
    Connection connection(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!connection) {
      error = std::string("socket: ") + std::strerror(errno);
      return {};
    }
    if (connect(connection.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0)
      return connection;
    const int err = errno;
    if ((err != ENOENT && err != ECONNREFUSED) || wire::monotonic_ms() >= deadline) {
      error = "cannot connect to " + path + ": " + std::strerror(err);
      return {};
    }
    pollfd pfd{stop.fd(), POLLIN, 0};
    if (poll(&pfd, 1, 10) > 0) {
      error = "stopped while connecting to " + path;
      return {};
    }
  }
}

Connection connect_tcp(const std::string& host, const std::string& port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int r = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); r != 0) {
    error = "cannot resolve " + host + ":" + port + ": " + gai_strerror(r);
    return {};
  }
  int last_errno = 0;
  for (addrinfo* a = found; a; a = a->ai_next) {
    Connection connection(socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
    if (!connection) continue;
    if (connect(connection.fd(), a->ai_addr, a->ai_addrlen) == 0) {
      freeaddrinfo(found);
      // vpcd's older builds send a frame's length and body in two writes: no Nagle on our side,
      // and QUICKACK before every read (FrameChannel) so theirs does not wait for our ACK.
      const int one = 1;
      setsockopt(connection.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return connection;
    }
    last_errno = errno;
  }
  freeaddrinfo(found);
  error = "cannot connect to vpcd at " + host + ":" + port + ": " + std::strerror(last_errno);
  return {};
}

std::optional<LinkOutcome> greet_driver(int fd) {
  const wire::FrameChannel channel(fd, 4, wire::kMaxPayload);
  // A failed write is not the end: a reader that refused us at once has left its reason to read.
  const wire::Io sent = channel.write(wire::hello());
  Bytes welcome;
  const wire::Io io = channel.read(welcome, kHandshakeTimeoutMs);
  if (io != wire::Io::kOk)
    return LinkOutcome{LinkOutcome::Kind::kFailed,
                       std::string(sent == wire::Io::kOk ? "no answer to the hello: "
                                                         : "could not send the hello: ") +
                           wire::describe(sent == wire::Io::kOk ? io : sent)};
  if (!wire::is_handshake(welcome))
    return LinkOutcome{LinkOutcome::Kind::kFailed,
                       "the reader's answer to the hello is not a handshake"};
  if (welcome[sizeof wire::kMagic] != wire::kVersion) {
    const std::string reason(welcome.begin() + wire::kHelloSize, welcome.end());
    return LinkOutcome{LinkOutcome::Kind::kRefused,
                       "the reader refused the card: " + (reason.empty() ? "no reason" : reason)};
  }
  return std::nullopt;
}

LinkOutcome serve_driver(int fd, CardEndpoint& card, const StopSignal& stop,
                         ResetRequester* resetter, const LinkNote& note) {
  return serve(wire::FrameChannel(fd, 4, wire::kMaxPayload),
               Serving{Dialect::kDriver, card, resetter, note}, stop);
}

LinkOutcome serve_vpcd(int fd, CardEndpoint& card, const StopSignal& stop, const LinkNote& note) {
  return serve(wire::FrameChannel(fd, 2, kVpcdMaxPayload, /*quickack=*/true),
               Serving{Dialect::kVpcd, card, nullptr, note}, stop);
}

}  // namespace mynasim::reader
