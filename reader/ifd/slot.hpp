// One slot of libifd-mynasim.so: a listening Unix socket at the path from DEVICENAME, and at most
// one connected card. The card connecting is "inserted"; its connection closing is "removed".
//
// Threads: pcscd's event thread runs wait_for_event() (without pcscd's reader lock) and then
// present(); other threads call power_*(), transmit() and sometimes present() under that lock.
// mutex_ guards the state they share. A dropped connection is shut down at once but its
// descriptor is closed only by wait_for_event() (or the destructor, after pcscd has stopped the
// event thread), so the poll() there never sees a descriptor number reused under it. A change
// made off the event thread pokes wake_fd_ so that poll() looks again.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mynasim::reader::ifd {

enum class Result {
  kOk,
  kNoCard,          // nothing connected (or the card went away during a power action)
  kBufferTooSmall,  // the response does not fit the caller's buffer
  kFailed,          // bad request, or the card broke the protocol
  kLost,            // the card left, or stayed mute, during a command (PROTOCOL.md, Faults)
};

class Slot {
 public:
  // Binds and listens at `path` (an old socket file there is replaced; anything else is not).
  // Returns null and fills `error` on failure.
  static std::unique_ptr<Slot> open(const std::string& path, std::string& error);
  ~Slot();
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  // Blocks until a card connects or leaves, or timeout_ms passes (< 0: forever). The polling
  // thread that pcscd runs; a cancellation point only inside poll().
  void wait_for_event(int timeout_ms);
  // Accepts a waiting card (with the handshake) or notices a departed one.
  bool present();

  Result power_up(bool warm, std::vector<std::uint8_t>& atr);
  Result power_down();
  // t1: the protocol pcscd chose (the mute timeout and what follows a mute depend on it).
  Result transmit(const std::uint8_t* command, std::size_t size, bool t1,
                  std::vector<std::uint8_t>& out);
  std::vector<std::uint8_t> atr();

 private:
  Slot(std::string path, int listen_fd, int wake_fd)
      : path_(std::move(path)), listen_fd_(listen_fd), wake_fd_(wake_fd) {}

  // All below run with mutex_ held.
  bool accept_card();
  void drop_card();                   // shutdown now, close on the event thread
  void mark_broken(const char* why);  // logs why (if given); present() drops the card
  Result exchange(const std::uint8_t* payload, std::size_t size, std::vector<std::uint8_t>* reply);
  // The card answered a command with "mute": wait out the reader's timeout from `sent_ms`.
  Result wait_mute(long long sent_ms, bool t1);
  // After the card left during a command: let the event thread see it before pcscd answers the
  // client, so that the client's next call gets SCARD_W_REMOVED_CARD.
  void let_event_thread_see_removal(std::unique_lock<std::mutex>& lock);
  void wake();

  std::mutex mutex_;
  std::condition_variable event_thread_moved_;
  bool event_thread_polling_ = false;  // inside wait_for_event()'s poll()
  std::string path_;
  int listen_fd_;
  int wake_fd_;  // eventfd
  int card_fd_ = -1;
  bool broken_ = false;           // the connection failed; present() drops it
  bool t1_dead_ = false;          // T=1 gave up after a mute: commands fail until a power up
  std::vector<int> retired_fds_;  // shut down, waiting for wait_for_event() to close them
  std::vector<std::uint8_t> atr_;
};

// Refuses a connection that arrives while a card is in the slot (best effort, never blocks).
void refuse_connection(int fd, const char* reason);

}  // namespace mynasim::reader::ifd
