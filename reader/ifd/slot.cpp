#include "reader/ifd/slot.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "reader/ifd/log.hpp"
#include "reader/ifd/mute_timeout.hpp"
#include "reader/link/wire.hpp"

namespace mynasim::reader::ifd {
namespace {

constexpr int kHandshakeTimeoutMs = 2000;
// The card is a program on this machine; anything slower than this is a hung emulator, and
// pcscd's reader thread must not hang with it. (A card that is mute on purpose says so: the
// reader's own timeout applies then, mute_timeout.hpp.)
constexpr int kResponseTimeoutMs = 60000;
// How long a transmit that lost its card waits for the event thread to leave poll().
constexpr auto kEventThreadWait = std::chrono::milliseconds(100);

wire::FrameChannel channel(int fd) {
  return wire::FrameChannel(fd, 4, wire::kMaxPayload);
}

// Keeps pthread_cancel() away while we hold descriptors or the mutex (pcscd may cancel the
// polling thread: TAG_IFD_POLLING_THREAD_KILLABLE).
class NoCancel {
 public:
  NoCancel() { pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old_); }
  ~NoCancel() { pthread_setcancelstate(old_, nullptr); }

 private:
  int old_ = 0;
};

}  // namespace

void refuse_connection(int fd, const char* reason) {
  std::vector<std::uint8_t> refusal = wire::hello(0);
  refusal.insert(refusal.end(), reason, reason + std::strlen(reason));
  channel(fd).write(refusal);  // the socket is non-blocking: a best-effort note
  close(fd);
}

std::unique_ptr<Slot> Slot::open(const std::string& path, std::string& error) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path) {
    error = "socket path '" + path + "' is empty or longer than " +
            std::to_string(sizeof address.sun_path - 1) + " bytes";
    return nullptr;
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);

  // A socket left by an earlier pcscd is replaced; a file of any other kind is not ours to delete.
  struct stat st {};
  if (lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      error = path + " exists and is not a socket";
      return nullptr;
    }
    unlink(path.c_str());
  }
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    error = std::string("socket(): ") + std::strerror(errno);
    return nullptr;
  }
  // Who may insert a card is decided by the directory's permissions (a private stack's directory
  // is 0700; see install-reader for the system-wide case).
  const mode_t old_mask = umask(0);
  int bound = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  if (bound != 0 && errno == ENOENT) {
    // The system-wide install's /run/mynasim does not survive a reboot: make the last level.
    const std::string parent = path.substr(0, path.rfind('/'));
    if (!parent.empty() && mkdir(parent.c_str(), 0755) == 0)
      bound = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  }
  const int bind_errno = errno;
  umask(old_mask);
  if (bound != 0 || listen(fd, 4) != 0) {
    error = "cannot listen on " + path + ": " + std::strerror(bound != 0 ? bind_errno : errno);
    close(fd);
    return nullptr;
  }
  const int wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) {
    error = std::string("eventfd(): ") + std::strerror(errno);
    close(fd);
    unlink(path.c_str());
    return nullptr;
  }
  return std::unique_ptr<Slot>(new Slot(path, fd, wake_fd));
}

Slot::~Slot() {
  if (card_fd_ >= 0) close(card_fd_);
  for (int fd : retired_fds_) close(fd);
  close(listen_fd_);
  close(wake_fd_);
  unlink(path_.c_str());
}

void Slot::wake() {
  const std::uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
}

void Slot::drop_card() {
  if (card_fd_ < 0) return;
  shutdown(card_fd_, SHUT_RDWR);
  retired_fds_.push_back(card_fd_);
  card_fd_ = -1;
  broken_ = false;
  t1_dead_ = false;
  atr_.clear();
  wake();
}

void Slot::wait_for_event(int timeout_ms) {
  int card_fd;
  {
    NoCancel no_cancel;
    std::lock_guard lock(mutex_);
    for (int fd : retired_fds_) close(fd);
    retired_fds_.clear();
    std::uint64_t drained;
    (void)!read(wake_fd_, &drained, sizeof drained);
    if (broken_) return;  // present() will notice
    card_fd = card_fd_;
    event_thread_polling_ = true;
  }
  // Card absent: wait for a connection. Card present: wait for it to hang up, and turn away
  // anyone else who connects meanwhile (otherwise the backlog would make poll() spin).
  pollfd fds[3] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}, {card_fd, POLLRDHUP, 0}};
  const nfds_t count = card_fd >= 0 ? 3 : 2;
  for (;;) {
    const int r = poll(fds, count, timeout_ms < 0 ? -1 : timeout_ms);  // the cancellation point
    if (r < 0 && errno == EINTR) continue;
    break;
  }
  NoCancel no_cancel;
  std::lock_guard lock(mutex_);
  event_thread_polling_ = false;
  event_thread_moved_.notify_all();
  // A card that has just left (broken_) is not "holding the slot": a card coming back at once
  // (a fault's reinsertion) waits in the backlog for present().
  if (card_fd >= 0 && card_fd_ == card_fd && !broken_ && (fds[0].revents & POLLIN)) {
    const int extra = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (extra >= 0) refuse_connection(extra, "the slot already holds a card");
  }
}

bool Slot::present() {
  std::lock_guard lock(mutex_);
  if (card_fd_ >= 0) {
    pollfd pfd{card_fd_, POLLRDHUP, 0};
    if (broken_ || (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR)))) {
      // Report the slot empty once, even if the card is already back in the backlog: pcscd must
      // see the removal (drop_card() wakes the event thread, whose next look accepts it).
      drop_card();
      return false;
    }
  }
  if (card_fd_ < 0) accept_card();
  return card_fd_ >= 0;
}

bool Slot::accept_card() {
  const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return false;  // EAGAIN: nobody waiting
  std::vector<std::uint8_t> hello;
  const wire::Io io = channel(fd).read(hello, kHandshakeTimeoutMs);
  if (io != wire::Io::kOk || !wire::is_handshake(hello)) {
    log_error("mynasim: a connection to %s sent no valid hello (%s); closed", path_.c_str(),
              io == wire::Io::kOk ? "not a mynasim card" : wire::describe(io));
    close(fd);
    return false;
  }
  const std::uint8_t version = hello[sizeof wire::kMagic];
  if (version != wire::kVersion) {
    log_error("mynasim: a card on %s speaks protocol version %u, this driver %u; refused",
              path_.c_str(), version, wire::kVersion);
    refuse_connection(fd, "unsupported protocol version");
    return false;
  }
  if (channel(fd).write(wire::hello()) != wire::Io::kOk) {
    close(fd);
    return false;
  }
  // A hung emulator must not hang pcscd's thread on a full socket buffer either.
  const timeval send_timeout{kResponseTimeoutMs / 1000, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
  card_fd_ = fd;
  broken_ = false;
  wake();
  return true;
}

Result Slot::exchange(const std::uint8_t* payload, std::size_t size,
                      std::vector<std::uint8_t>* reply) {
  if (card_fd_ < 0 || broken_) return Result::kNoCard;
  const auto link = channel(card_fd_);
  wire::Io io = link.write(payload, size);
  if (io == wire::Io::kOk && reply) io = link.read(*reply, kResponseTimeoutMs);
  if (io == wire::Io::kOk) return Result::kOk;
  // Whatever went wrong, the stream is out of step now: the card is gone.
  if (io != wire::Io::kClosed)
    mark_broken(wire::describe(io));
  else
    mark_broken(nullptr);
  return Result::kLost;
}

Result Slot::wait_mute(long long sent_ms, bool t1) {
  const int timeout = mute_timeout_ms(atr_.data(), atr_.size(), t1);
  const long long deadline = sent_ms + timeout;
  // The card may still leave while the reader waits (mynasim remove): that ends the wait.
  for (;;) {
    const long long left = deadline - wire::monotonic_ms();
    if (left <= 0) break;
    pollfd pfd{card_fd_, POLLRDHUP, 0};
    const int r = poll(&pfd, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r > 0 && (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR))) {
      mark_broken(nullptr);
      return Result::kLost;
    }
    if (r <= 0) break;
  }
  log_error("mynasim: card on %s is mute: no answer within the reader's timeout (%d ms, T=%d)",
            path_.c_str(), timeout, t1 ? 1 : 0);
  // libccid's T=1 (openct/proto-t1.c) marks its state machine DEAD after a failed exchange and
  // refuses every command until the card is reset; T=0 carries on.
  if (t1) t1_dead_ = true;
  return Result::kLost;
}

void Slot::let_event_thread_see_removal(std::unique_lock<std::mutex>& lock) {
  // mark_broken() woke the event thread; once it has left poll() it asks pcscd for the reader's
  // lock (held until this transmit returns) and then reports the card absent, before pcscd can
  // serve the client's next call. Bounded: pcscd may be doing something else entirely (then it
  // is not in our poll(), and will look at the slot before it waits there again).
  if (!event_thread_polling_) return;
  event_thread_moved_.wait_for(lock, kEventThreadWait, [&] { return !event_thread_polling_; });
  lock.unlock();
  std::this_thread::sleep_for(std::chrono::milliseconds(1));  // let it reach that lock
  lock.lock();
}

void Slot::mark_broken(const char* why) {
  if (why) log_error("mynasim: card on %s: %s; treating it as removed", path_.c_str(), why);
  broken_ = true;
  shutdown(card_fd_, SHUT_RDWR);
  wake();
}

Result Slot::power_up(bool warm, std::vector<std::uint8_t>& atr) {
  std::lock_guard lock(mutex_);
  t1_dead_ = false;  // a reset brings T=1 back to life, as libccid's t1_init()
  const std::uint8_t action = warm ? wire::kReset : wire::kPowerOn;
  if (Result r = exchange(&action, 1, nullptr); r != Result::kOk) return Result::kNoCard;
  std::vector<std::uint8_t> reply;
  if (Result r = exchange(&wire::kGetAtr, 1, &reply); r != Result::kOk) return Result::kNoCard;
  if (reply.size() < 2 || reply.size() > wire::kMaxAtr) {
    mark_broken("ATR length outside 2..33 bytes");
    return Result::kFailed;
  }
  atr_ = reply;
  atr = reply;
  return Result::kOk;
}

Result Slot::power_down() {
  std::lock_guard lock(mutex_);
  atr_.clear();
  const Result r = exchange(&wire::kPowerOff, 1, nullptr);
  return r == Result::kLost ? Result::kNoCard : r;
}

Result Slot::transmit(const std::uint8_t* command, std::size_t size, bool t1,
                      std::vector<std::uint8_t>& out) {
  // A one-byte payload would be read as a control code; no APDU is that short anyway.
  if (size < 2 || size > wire::kMaxPayload) return Result::kFailed;
  std::unique_lock lock(mutex_);
  if (t1 && t1_dead_ && card_fd_ >= 0 && !broken_) return Result::kLost;
  // The card left during the last command and pcscd's event thread has not looked yet (the
  // client's call came first): libccid's T=1 is DEAD then too.
  if (card_fd_ >= 0 && broken_) return Result::kLost;
  const long long sent_ms = wire::monotonic_ms();
  const Result r = exchange(command, size, &out);
  if (r == Result::kLost) let_event_thread_see_removal(lock);
  if (r != Result::kOk) return r;
  if (out.size() == 1 && out[0] == wire::kMute) {
    out.clear();
    const Result mute = wait_mute(sent_ms, t1);
    if (broken_) let_event_thread_see_removal(lock);
    return mute;
  }
  if (out.size() < 2) {
    mark_broken("a response without a status word");
    return Result::kFailed;
  }
  return Result::kOk;
}

std::vector<std::uint8_t> Slot::atr() {
  std::lock_guard lock(mutex_);
  return atr_;
}

}  // namespace mynasim::reader::ifd
