#include "reader/link/wire.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include <cerrno>
#include <cstring>

namespace mynasim::reader::wire {
long long monotonic_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

const char* describe(Io io) {
  switch (io) {
    case Io::kOk:
      return "ok";
    case Io::kClosed:
      return "connection closed by the peer";
    case Io::kTimeout:
      return "timed out";
    case Io::kTooLarge:
      return "frame length out of range";
    case Io::kError:
      return "socket error";
  }
  return "?";
}

Io FrameChannel::read_exact(std::uint8_t* data, std::size_t size, long long deadline_ms) const {
  std::size_t done = 0;
  while (done < size) {
    if (deadline_ms >= 0) {
      const long long left = deadline_ms - monotonic_ms();
      if (left <= 0) return Io::kTimeout;
      pollfd pfd{fd_, POLLIN, 0};
      const int r = poll(&pfd, 1, static_cast<int>(left));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return Io::kError;
      if (r == 0) return Io::kTimeout;
    }
    if (quickack_) {
      const int one = 1;
      setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
    const ssize_t n = recv(fd_, data + done, size - done, 0);
    if (n == 0) return Io::kClosed;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      if (errno == ECONNRESET) return Io::kClosed;
      return Io::kError;
    }
    done += static_cast<std::size_t>(n);
  }
  return Io::kOk;
}

Io FrameChannel::read(std::vector<std::uint8_t>& payload, int timeout_ms) const {
  const long long deadline = timeout_ms < 0 ? -1 : monotonic_ms() + timeout_ms;
  std::uint8_t header[4] = {};
  if (Io io = read_exact(header, header_bytes_, deadline); io != Io::kOk) return io;
  std::size_t size = 0;
  for (std::size_t i = 0; i < header_bytes_; ++i) size = (size << 8) | header[i];
  if (size == 0 || size > max_payload_) return Io::kTooLarge;
  payload.resize(size);
  return read_exact(payload.data(), size, deadline);
}

Io FrameChannel::write(const std::uint8_t* payload, std::size_t size) const {
  if (size == 0 || size > max_payload_) return Io::kTooLarge;
  std::uint8_t header[4];
  for (std::size_t i = 0; i < header_bytes_; ++i)
    header[i] = static_cast<std::uint8_t>(size >> (8 * (header_bytes_ - 1 - i)));
  iovec parts[2] = {{header, header_bytes_}, {const_cast<std::uint8_t*>(payload), size}};
  std::size_t total = header_bytes_ + size;
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = 2;
  while (total > 0) {
    const ssize_t n = sendmsg(fd_, &message, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno == EPIPE || errno == ECONNRESET ? Io::kClosed : Io::kError;
    }
    // A partial write (a large frame on a full socket buffer): advance over what went out.
    std::size_t sent = static_cast<std::size_t>(n);
    total -= sent;
    while (sent > 0 && message.msg_iovlen > 0) {
      iovec& first = message.msg_iov[0];
      const std::size_t step = sent < first.iov_len ? sent : first.iov_len;
      first.iov_base = static_cast<std::uint8_t*>(first.iov_base) + step;
      first.iov_len -= step;
      sent -= step;
      if (first.iov_len == 0) {
        ++message.msg_iov;
        --message.msg_iovlen;
      }
    }
  }
  return Io::kOk;
}

std::vector<std::uint8_t> hello(std::uint8_t version) {
  std::vector<std::uint8_t> out(std::begin(kMagic), std::end(kMagic));
  out.push_back(version);
  return out;
}

bool is_handshake(const std::vector<std::uint8_t>& payload) {
  return payload.size() >= kHelloSize && std::memcmp(payload.data(), kMagic, sizeof kMagic) == 0;
}

}  // namespace mynasim::reader::wire
