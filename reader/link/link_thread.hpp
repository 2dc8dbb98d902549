// Keeps one card in (or out of) one reader of our driver, on a thread of its own: insert()
// connects and greets the reader, remove() hangs up and powers the card off so that its state
// is durable. The card is touched only from that thread while inserted. A fault that takes the
// card out (Exchange::kRemove*) is served here too: the card is powered off, and put back after
// its reinsert_ms unless remove() or insert() comes first.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "reader/link/card_endpoint.hpp"
#include "reader/link/card_link.hpp"
#include "reader/link/stop_signal.hpp"

namespace mynasim::reader {

class LinkThread {
 public:
  // `card` must outlive this object (or be swapped with replace_card() while removed).
  LinkThread(std::string socket_path, CardEndpoint& card);
  ~LinkThread();  // removes the card, joins the thread
  LinkThread(const LinkThread&) = delete;
  LinkThread& operator=(const LinkThread&) = delete;

  // Returns once the reader accepted the card ("" ) or with why not. connect_timeout_ms covers
  // waiting for the reader's socket to appear (pcscd starting).
  std::string insert(int connect_timeout_ms = 10000);
  // Returns once the card is out and powered off (a pending reinsertion is cancelled). No-op
  // when already out.
  void remove();
  bool inserted();
  // Why the card last left the reader on its own ("" if it did not, or was removed by us).
  std::string last_error();
  // Only while removed: the next insert() uses another card.
  void replace_card(CardEndpoint& card);
  // Before the first insert(): who resets the card for Exchange::kAnswerThenReset (must outlive
  // this object), and where the link's notes go (stderr if not set).
  void set_reset_requester(ResetRequester* resetter);
  void set_note(LinkNote note);

 private:
  enum class State { kOut, kConnecting, kIn };
  void run();
  void settle(State state, std::string error);  // with mutex_ held

  std::string path_;
  CardEndpoint* card_;
  StopSignal stop_;
  std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::kOut;
  bool want_in_ = false;
  bool quit_ = false;
  int connect_timeout_ms_ = 0;
  bool reinsert_pending_ = false;  // a fault took the card out and it comes back at reinsert_at_
  std::chrono::steady_clock::time_point reinsert_at_;
  ResetRequester* resetter_ = nullptr;
  LinkNote note_;
  std::string error_;
  std::thread thread_;
};

}  // namespace mynasim::reader
